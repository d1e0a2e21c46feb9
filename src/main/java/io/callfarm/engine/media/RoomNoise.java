package io.callfarm.engine.media;

import java.util.SplittableRandom;

/**
 * What a microphone picks up while its user is not talking: quiet Gaussian noise, {@value #LEVEL_DBOV} dBov RMS (a
 * quiet room), above the speaker's "silent" level ({@code Levels.SILENCE_DBOV}, −60) in every 10 ms frame, so the
 * receiver notices the first frame of it. Load runs send it during the microphone's warm-up: their
 * accept-to-first-audio latency is then the time until the callee hears the caller's line, as before, while the
 * speech itself waits for a settled jitter buffer. The microphone's tap starts with the speech, so the analyser
 * takes the noise before it for lead-in and never judges it. Deterministic per seed; one instance per microphone,
 * used on the clock thread only.
 */
final class RoomNoise {

  static final double LEVEL_DBOV = -55.0;
  private static final double SIGMA = 32768 * Math.pow(10, LEVEL_DBOV / 20);

  private final SplittableRandom random;

  RoomNoise(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Fills {@code frame} with the next samples of noise. */
  void fill(short[] frame) {
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (short) Math.round(gaussian() * SIGMA);
    }
  }

  /** A standard normal sample (Box-Muller). */
  private double gaussian() {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
