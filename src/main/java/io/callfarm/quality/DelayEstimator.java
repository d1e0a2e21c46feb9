package io.callfarm.quality;

/**
 * Finds the constant delay between reference and degraded by cross-correlation: a coarse FFT search over the
 * whole lag range on 4 kHz copies, then a sample-exact search at the analysis rate around the coarse peak.
 * Correlation is insensitive to the degraded signal's level, so attenuated or amplified copies align the same.
 */
public final class DelayEstimator {

  private static final int COARSE_RATE = 4000;

  private DelayEstimator() {
  }

  /**
   * Estimates the delay of {@code deg} relative to {@code ref}.
   *
   * @param ref             reference signal
   * @param deg             degraded signal at the same sample rate as {@code ref}
   * @param maxDelaySeconds largest |delay| searched, seconds, positive
   * @return the best delay in samples at the signals' rate (resolution one sample)
   */
  public static Alignment estimate(PcmAudio ref, PcmAudio deg, double maxDelaySeconds) {
    if (ref.sampleRate() != deg.sampleRate()) {
      throw new AnalysisException(AnalysisException.Code.INVALID_ARGUMENT,
          "reference and degraded must share a sample rate; resample first");
    }
    int rate = ref.sampleRate();
    int maxLag = (int) Math.round(maxDelaySeconds * rate);
    int coarseLag;
    int factor;
    if (rate > 2 * COARSE_RATE) {
      PcmAudio r4 = Resampler.resample(ref, COARSE_RATE, Resampler.FAST_ZERO_CROSSINGS);
      PcmAudio d4 = Resampler.resample(deg, COARSE_RATE, Resampler.FAST_ZERO_CROSSINGS);
      factor = rate / COARSE_RATE;
      int maxLag4 = (int) Math.ceil(maxDelaySeconds * COARSE_RATE);
      coarseLag = rate * peak(Fft.crossCorrelation(r4.samples(), d4.samples(), maxLag4), maxLag4) / COARSE_RATE;
    } else {
      factor = 1;
      coarseLag = peak(Fft.crossCorrelation(ref.samples(), deg.samples(), maxLag), maxLag);
    }
    int radius = 2 * factor + 2;
    int best = coarseLag;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int lag = Math.max(-maxLag, coarseLag - radius); lag <= Math.min(maxLag, coarseLag + radius); lag++) {
      double v = Math.abs(dot(ref.samples(), deg.samples(), lag));
      if (v > bestValue) {
        bestValue = v;
        best = lag;
      }
    }
    return new Alignment(best, rate, normalisedCorrelation(ref.samples(), deg.samples(), best));
  }

  /** Σ ref[i]·deg[i + lag] over the overlap. */
  private static double dot(float[] ref, float[] deg, int lag) {
    int from = Math.max(0, -lag);
    int to = Math.min(ref.length, deg.length - lag);
    double s = 0;
    for (int i = from; i < to; i++) {
      s += ref[i] * deg[i + lag];
    }
    return s;
  }

  private static double normalisedCorrelation(float[] ref, float[] deg, int lag) {
    int from = Math.max(0, -lag);
    int to = Math.min(ref.length, deg.length - lag);
    double rr = 0;
    double dd = 0;
    double rd = 0;
    for (int i = from; i < to; i++) {
      rr += ref[i] * ref[i];
      dd += deg[i + lag] * deg[i + lag];
      rd += ref[i] * deg[i + lag];
    }
    return rr > 0 && dd > 0 ? rd / Math.sqrt(rr * dd) : 0;
  }

  private static int peak(double[] c, int maxLag) {
    int best = 0;
    for (int i = 1; i < c.length; i++) {
      if (Math.abs(c[i]) > Math.abs(c[best])) {
        best = i;
      }
    }
    return best - maxLag;
  }
}
