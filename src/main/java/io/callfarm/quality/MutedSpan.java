package io.callfarm.quality;

/**
 * A stretch where the degraded signal is silent while the reference carries sound: a mute, a dropout or a
 * stalled stream.
 *
 * @param startMs start in reference time (ms from the start of the reference file)
 * @param endMs   end (exclusive) in reference time, ms; greater than {@code startMs}
 */
public record MutedSpan(double startMs, double endMs) {

  /** Length of the span, ms. */
  public double durationMs() {
    return endMs - startMs;
  }
}
