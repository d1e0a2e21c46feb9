package io.callfarm.engine.media;

/**
 * The pace of a sample counter read at jittery instants: the least-squares slope of samples over time. Two
 * endpoint readings carry each endpoint's scheduling jitter whole (a millisecond over 8 s is 6 samples per
 * second at 48 kHz, more than the pace differences being measured); the slope over every reading averages it
 * out. Online (Welford's updates, no cancellation over long calls); not thread-safe.
 */
final class PaceFit {
  private long originNanos = Long.MIN_VALUE;
  private long count;
  private double meanSeconds;
  private double meanSamples;
  private double coSum;
  private double varSum;

  /** At {@code nanos} ({@link System#nanoTime()}) the counter read {@code samples}. */
  void add(long nanos, double samples) {
    if (originNanos == Long.MIN_VALUE) {
      originNanos = nanos;
    }
    double t = (nanos - originNanos) / 1e9;
    count++;
    double dt = t - meanSeconds;
    meanSeconds += dt / count;
    meanSamples += (samples - meanSamples) / count;
    coSum += dt * (samples - meanSamples);
    varSum += dt * (t - meanSeconds);
  }

  /** How many readings were added. */
  long readings() {
    return count;
  }

  /** Samples per second over the readings; NaN with fewer than two at distinct instants. */
  double samplesPerSecond() {
    return count < 2 || varSum <= 0 ? Double.NaN : coSum / varSum;
  }
}
