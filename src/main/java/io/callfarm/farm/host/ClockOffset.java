package io.callfarm.farm.host;

import java.util.function.LongSupplier;

/**
 * Maps a device host's {@link System#nanoTime()} onto this JVM's. On Linux both JVMs read the same
 * {@code CLOCK_MONOTONIC}, so the offset is normally zero: calibration checks that (every host reading must fall
 * inside the round trip that fetched it) and otherwise takes the midpoint of the tightest round trip, off by at most
 * half of it. Immutable.
 */
final class ClockOffset {
  private final long offsetNanos;
  private final boolean shared;
  private final long uncertaintyNanos;

  private ClockOffset(long offsetNanos, boolean shared, long uncertaintyNanos) {
    this.offsetNanos = offsetNanos;
    this.shared = shared;
    this.uncertaintyNanos = uncertaintyNanos;
  }

  /**
   * @param hostNow one round trip that returns the host's {@code System.nanoTime()}
   * @param rounds how many round trips to take (at least 1)
   */
  static ClockOffset calibrate(LongSupplier hostNow, int rounds) {
    boolean inside = true;
    long bestHalf = Long.MAX_VALUE;
    long bestOffset = 0;
    for (int i = 0; i < Math.max(1, rounds); i++) {
      long before = System.nanoTime();
      long host = hostNow.getAsLong();
      long after = System.nanoTime();
      inside &= host >= before && host <= after;
      long half = (after - before) / 2;
      if (half < bestHalf) {
        bestHalf = half;
        bestOffset = host - (before + half);
      }
    }
    return inside ? new ClockOffset(0, true, 0) : new ClockOffset(bestOffset, false, bestHalf);
  }

  /** The local {@link System#nanoTime()} of a host instant. */
  long toLocal(long hostNanos) {
    return hostNanos - offsetNanos;
  }

  /** Whether the host reads this JVM's clock (every calibration reading fell inside its round trip). */
  boolean shared() {
    return shared;
  }

  /** How far a mapped instant may be off, ns: 0 for a shared clock, else half the tightest round trip. */
  long uncertaintyNanos() {
    return uncertaintyNanos;
  }

  long offsetNanos() {
    return offsetNanos;
  }

  @Override
  public String toString() {
    return shared ? "shared clock" : "offset " + offsetNanos + " ns ± " + uncertaintyNanos + " ns";
  }
}
