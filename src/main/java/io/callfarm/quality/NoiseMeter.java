package io.callfarm.quality;

/**
 * Signal-to-noise ratios of an aligned pair, where "noise" is everything in the degraded signal that is not a
 * gain-scaled copy of the reference: e = deg − g·ref. Measured within the analysis band.
 */
final class NoiseMeter {

  /** Reported when the residual is digitally zero (identical signals), dB. */
  static final double MAX_SNR_DB = 100.0;
  /** Per-frame clamp of the segmental SNR (the usual −10..35 dB range), dB. */
  static final double SEG_MIN_DB = -10.0;
  static final double SEG_MAX_DB = 35.0;
  /** Frames whose reference is below this level do not enter the segmental SNR, dBov. */
  static final double ACTIVE_DBOV = -50.0;

  private NoiseMeter() {
  }

  /** Global SNR in dB, at most {@link #MAX_SNR_DB}. */
  static double snrDb(AlignedPair p) {
    double s = 0;
    double e = 0;
    float[] r = p.ref();
    float[] d = p.deg();
    double g = p.gain();
    for (int i = 0; i < r.length; i++) {
      double x = g * r[i];
      s += x * x;
      e += (d[i] - x) * (d[i] - x);
    }
    return clampedRatioDb(s, e, -MAX_SNR_DB, MAX_SNR_DB);
  }

  /**
   * Mean over 20 ms frames of the per-frame SNR clamped to [−10, 35] dB, counting only frames where the
   * reference is above −50 dBov; {@link Double#NaN} if no frame is active.
   */
  static double segmentalSnrDb(AlignedPair p) {
    int frame = p.sampleRate() / 50;
    float[] r = p.ref();
    float[] d = p.deg();
    double g = p.gain();
    double sum = 0;
    int n = 0;
    for (int f = 0; (f + 1) * frame <= r.length; f++) {
      double s = 0;
      double e = 0;
      for (int i = f * frame; i < (f + 1) * frame; i++) {
        double x = g * r[i];
        s += x * x;
        e += (d[i] - x) * (d[i] - x);
      }
      if (Levels.dbov(r, f * frame, (f + 1) * frame) > ACTIVE_DBOV) {
        sum += clampedRatioDb(s, e, SEG_MIN_DB, SEG_MAX_DB);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double clampedRatioDb(double signal, double noise, double min, double max) {
    if (noise <= 0) {
      return signal > 0 ? max : min;
    }
    if (signal <= 0) {
      return min;
    }
    return Math.max(min, Math.min(max, 10 * Math.log10(signal / noise)));
  }
}
