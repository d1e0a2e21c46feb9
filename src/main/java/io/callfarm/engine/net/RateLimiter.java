package io.callfarm.engine.net;

import java.util.ArrayDeque;

/**
 * Serialises datagrams at a fixed bit rate through a bounded FIFO queue, as netem {@code rate} with
 * {@code limit}: each datagram occupies the link for {@code bytes * 8 / rate} and departs when its last bit has
 * been sent; one that arrives while {@code queuePackets} earlier datagrams have not departed is tail-dropped.
 * Pure arithmetic on the times it is given, so the pacing can be checked without a clock. Not thread-safe.
 */
final class RateLimiter {

  /** Returned by {@link #admit} for a tail-dropped datagram. */
  static final long DROPPED = Long.MIN_VALUE;

  private final double nanosPerByte;
  private final int queuePackets;
  private final ArrayDeque<Long> departures = new ArrayDeque<>();
  private long lastDeparture = Long.MIN_VALUE;

  /**
   * @param rateKbps link rate in kbit/s (1000 bit/s), {@code > 0}
   * @param queuePackets queue capacity in packets, including the one being transmitted, {@code >= 1}
   */
  RateLimiter(double rateKbps, int queuePackets) {
    if (!(rateKbps > 0) || queuePackets < 1) {
      throw new IllegalArgumentException("rate limiter needs rate > 0 kbit/s and queue >= 1 packet, got rate "
          + rateKbps + ", queue " + queuePackets);
    }
    this.nanosPerByte = 8_000_000.0 / rateKbps;
    this.queuePackets = queuePackets;
  }

  /**
   * Offers a datagram arriving at {@code arrivalNanos} (any monotonic clock, non-decreasing between calls).
   *
   * @return the time its last bit leaves, on the same clock, or {@link #DROPPED} if the queue is full
   */
  long admit(long arrivalNanos, int bytes) {
    while (!departures.isEmpty() && departures.peekFirst() <= arrivalNanos) {
      departures.pollFirst();
    }
    if (departures.size() >= queuePackets) {
      return DROPPED;
    }
    long start = departures.isEmpty() ? arrivalNanos : Math.max(arrivalNanos, lastDeparture);
    long departure = start + Math.round(bytes * nanosPerByte);
    departures.addLast(departure);
    lastDeparture = departure;
    return departure;
  }
}
