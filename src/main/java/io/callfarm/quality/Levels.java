package io.callfarm.quality;

/**
 * Level measurements in dBov (ITU-T G.100.1: relative to the digital overload point, so a full-scale square
 * wave is 0 dBov and a full-scale sine −3.01 dBov), and the clipping share.
 */
public final class Levels {

  /** Level reported for digital silence, dBov. */
  public static final double SILENCE_DBOV = -120.0;

  /** Magnitude at or above which a sample counts as clipped: within 0.05 dB of full scale. */
  public static final double CLIP_THRESHOLD = 0.9943;

  private Levels() {
  }

  /** RMS level of {@code s[from..to)} in dBov; {@link #SILENCE_DBOV} for digital silence or an empty range. */
  public static double dbov(float[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return powerToDb(to > from ? sum / (to - from) : 0);
  }

  /** RMS level of the whole signal in dBov. */
  public static double dbov(PcmAudio a) {
    return dbov(a.samples(), 0, a.length());
  }

  /** Mean power to dB, floored at {@link #SILENCE_DBOV}. */
  static double powerToDb(double meanPower) {
    return meanPower > 1e-12 ? Math.max(SILENCE_DBOV, 10 * Math.log10(meanPower)) : SILENCE_DBOV;
  }

  /** Share of samples (0..1) whose magnitude reaches {@link #CLIP_THRESHOLD}. */
  public static double clippingShare(PcmAudio a) {
    float[] s = a.samples();
    if (s.length == 0) {
      return 0;
    }
    int n = 0;
    for (float v : s) {
      if (Math.abs(v) >= CLIP_THRESHOLD) {
        n++;
      }
    }
    return n / (double) s.length;
  }

  /** Levels in dBov of consecutive non-overlapping frames of {@code frame} samples (last partial frame dropped). */
  static double[] frameLevels(float[] s, int frame) {
    double[] out = new double[s.length / frame];
    for (int f = 0; f < out.length; f++) {
      out[f] = dbov(s, f * frame, (f + 1) * frame);
    }
    return out;
  }
}
