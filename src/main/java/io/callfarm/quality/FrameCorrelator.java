package io.callfarm.quality;

/**
 * Finds, for one Hann-windowed frame of the reference, the lag at which the degraded signal matches it best
 * within a search radius: the normalised correlation of the windowed reference frame with the equally windowed
 * degraded frame at every lag, from two FFT cross-correlations (the product, and the window's energy over the
 * degraded signal). The unit of the utterance histograms and the per-frame lag tracking. Immutable after
 * construction.
 */
final class FrameCorrelator {

  private final float[] ref;
  private final float[] deg;
  private final int frame;
  private final double[] window;
  private final float[] windowSquared;

  /** A match: the lag in samples and its normalised correlation (−1..1; 0 where the degraded is missing). */
  record Match(int lag, double correlation) {
  }

  FrameCorrelator(float[] ref, float[] deg, int frame) {
    this.ref = ref;
    this.deg = deg;
    this.frame = frame;
    this.window = new double[frame];
    for (int i = 0; i < frame; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / frame);
    }
    windowSquared = new float[frame];
    for (int i = 0; i < frame; i++) {
      windowSquared[i] = (float) (window[i] * window[i]);
    }
  }

  int frame() {
    return frame;
  }

  /** Energy of the windowed reference frame starting at {@code start} (0 outside the signal). */
  double refEnergy(int start) {
    double e = 0;
    for (int i = 0; i < frame; i++) {
      int j = start + i;
      if (j >= 0 && j < ref.length) {
        double v = ref[j] * window[i];
        e += v * v;
      }
    }
    return e;
  }

  /**
   * The best lag in {@code [centre - radius, centre + radius]} for the reference frame at {@code start}, by
   * normalised correlation; lags whose degraded span leaves the signal count as correlation 0.
   */
  Match best(int start, int centre, int radius) {
    double[] c = correlations(start, centre, radius);
    int best = 0;
    for (int k = 1; k < c.length; k++) {
      if (c[k] > c[best]) {
        best = k;
      }
    }
    return new Match(centre - radius + best, c[best]);
  }

  /**
   * Normalised correlation of the windowed reference frame at {@code start} with the degraded signal at every
   * lag {@code centre - radius + k}, k = 0..2·radius.
   */
  double[] correlations(int start, int centre, int radius) {
    int span = frame + 2 * radius;
    float[] a = new float[frame];
    double ra = 0;
    for (int i = 0; i < frame; i++) {
      int j = start + i;
      double v = j >= 0 && j < ref.length ? ref[j] * window[i] : 0;
      a[i] = (float) (v * window[i]); // windowed twice = both frames windowed once
      ra += v * v;
    }
    int degFrom = start + centre - radius;
    float[] b = new float[span];
    float[] bb = new float[span];
    for (int i = 0; i < span; i++) {
      int j = degFrom + i;
      b[i] = j >= 0 && j < deg.length ? deg[j] : 0f;
      bb[i] = b[i] * b[i];
    }
    double[][] c = Fft.crossCorrelationPair(a, windowSquared, b, bb, 2 * radius);
    double[] out = new double[2 * radius + 1];
    double floor = 1e-9 * ra;
    for (int k = 0; k <= 2 * radius; k++) {
      double rb = c[1][k];
      out[k] = ra > 0 && rb > floor ? c[0][k] / Math.sqrt(ra * rb) : 0;
    }
    return out;
  }

  /** Normalised correlation at exactly {@code lag}. */
  double at(int start, int lag) {
    double ra = 0;
    double rb = 0;
    double ab = 0;
    for (int i = 0; i < frame; i++) {
      int j = start + i;
      int k = j + lag;
      double x = j >= 0 && j < ref.length ? ref[j] * window[i] : 0;
      double y = k >= 0 && k < deg.length ? deg[k] * window[i] : 0;
      ra += x * x;
      rb += y * y;
      ab += x * y;
    }
    return ra > 0 && rb > 0 ? ab / Math.sqrt(ra * rb) : 0;
  }
}
