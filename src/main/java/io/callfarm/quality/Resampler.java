package io.callfarm.quality;

/**
 * Band-limited sample-rate conversion, so that every metric runs at one analysis rate whatever the files
 * were recorded at. Windowed-sinc interpolation (Blackman window, 16 zero crossings of the lower rate on each
 * side, 8 for internal copies that only feed correlations) with the cut-off at the lower Nyquist frequency,
 * so downsampling does not alias.
 */
public final class Resampler {

  private static final int ZERO_CROSSINGS = 16;
  /** Enough for the internal copies that only feed correlations (delay search, loss detection). */
  static final int FAST_ZERO_CROSSINGS = 8;
  private static final int MAX_PHASES = 1024;

  private Resampler() {
  }

  /**
   * Converts {@code in} to {@code targetRate}; returns {@code in} itself when the rates already match.
   * The output has {@code round(length * targetRate / sampleRate)} samples and no added delay.
   *
   * @param targetRate samples per second, positive
   */
  public static PcmAudio resample(PcmAudio in, int targetRate) {
    return resample(in, targetRate, ZERO_CROSSINGS);
  }

  /** As {@link #resample(PcmAudio, int)} with a filter of {@code zeroCrossings} on each side (shorter = faster). */
  static PcmAudio resample(PcmAudio in, int targetRate, int zeroCrossings) {
    if (targetRate <= 0) {
      throw new AnalysisException(AnalysisException.Code.INVALID_ARGUMENT,
          "target sample rate must be positive, got " + targetRate);
    }
    int inRate = in.sampleRate();
    if (inRate == targetRate) {
      return in;
    }
    int g = gcd(inRate, targetRate);
    int up = targetRate / g;
    int down = inRate / g;
    int phases = Math.min(up, MAX_PHASES);
    double cutoff = Math.min(1.0, targetRate / (double) inRate); // of the input Nyquist
    int half = (int) Math.ceil(zeroCrossings / cutoff);
    int taps = 2 * half;
    float[][] table = new float[phases][taps];
    for (int p = 0; p < phases; p++) {
      double frac = p / (double) phases;
      for (int k = 0; k < taps; k++) {
        double x = k - half + 1 - frac; // distance from the output instant, in input samples
        table[p][k] = (float) (cutoff * sinc(cutoff * x) * blackman(x / half));
      }
    }
    float[] src = in.samples();
    int outLen = (int) Math.round(src.length * (double) targetRate / inRate);
    float[] out = new float[outLen];
    for (int n = 0; n < outLen; n++) {
      long num = (long) n * down; // position n * down / up in input samples
      int base = (int) (num / up);
      int p = (int) ((num % up) * phases / up);
      float[] h = table[p];
      int first = base - half + 1;
      double acc = 0;
      int kFrom = Math.max(0, -first);
      int kTo = Math.min(taps, src.length - first);
      for (int k = kFrom; k < kTo; k++) {
        acc += h[k] * src[first + k];
      }
      out[n] = (float) acc;
    }
    return new PcmAudio(targetRate, out);
  }

  private static double sinc(double x) {
    if (Math.abs(x) < 1e-9) {
      return 1.0;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  /** Blackman window on t in [-1, 1], zero outside. */
  private static double blackman(double t) {
    if (Math.abs(t) >= 1) {
      return 0;
    }
    double a = Math.PI * (t + 1);
    return 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
