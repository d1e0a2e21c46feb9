package io.callfarm.engine.media;

/**
 * The one definition of signal level used in this package: {@code dBov = 20·log10(RMS / 32768)} for 16-bit PCM
 * (a full-scale sine is −3 dBov), and the 0–100 volume scale derived from it.
 */
final class Levels {

  /** Full scale of 16-bit PCM. */
  static final double FULL_SCALE = 32768.0;
  /** Level at and below which a frame counts as silence (and volume is 0), dBov. */
  static final double SILENCE_DBOV = -60.0;

  private Levels() {
  }

  /** RMS (in 16-bit sample units) of a signal at {@code dbov}. */
  static double rmsOf(double dbov) {
    return FULL_SCALE * Math.pow(10.0, dbov / 20.0);
  }

  /** Level in dBov of a signal whose mean square (16-bit sample units squared) is {@code meanSquare}; −∞ for 0. */
  static double dbovOfMeanSquare(double meanSquare) {
    return 10.0 * Math.log10(meanSquare / (FULL_SCALE * FULL_SCALE));
  }

  /** Maps a level to the 0–100 volume scale: −60 dBov → 0, 0 dBov → 100, linear in dB, clamped. */
  static int volume(double dbov) {
    if (!(dbov > SILENCE_DBOV)) {
      return 0;
    }
    return (int) Math.max(0, Math.min(100, Math.round((dbov - SILENCE_DBOV) * 100.0 / -SILENCE_DBOV)));
  }

  /** Linear amplitude factor of a gain in dB. */
  static double factorOf(double gainDb) {
    return Math.pow(10.0, gainDb / 20.0);
  }
}
