package io.callfarm.engine.net;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live, thread-safe counters behind {@link LinkCounters}: written by the relay's I/O and scheduler
 * threads, read from any thread.
 */
final class DirectionCounters {

  enum Kind {
    RECEIVED, FORWARDED, DROPPED, DROPPED_QUEUE, DUPLICATED, REORDERED, DELAYED, CORRUPTED, SEND_FAILED,
    BYTES_RECEIVED, BYTES_FORWARDED
  }

  private final AtomicLongArray values = new AtomicLongArray(Kind.values().length);

  void add(Kind kind, long delta) {
    values.addAndGet(kind.ordinal(), delta);
  }

  void increment(Kind kind) {
    values.incrementAndGet(kind.ordinal());
  }

  /**
   * A snapshot. Counters are read one by one, downstream first and {@code received} last, so while traffic
   * flows {@link LinkCounters#inFlight()} is never negative; once traffic stops the snapshot is exact.
   */
  LinkCounters snapshot() {
    long forwarded = get(Kind.FORWARDED);
    long bytesForwarded = get(Kind.BYTES_FORWARDED);
    long sendFailed = get(Kind.SEND_FAILED);
    long duplicated = get(Kind.DUPLICATED);
    long reordered = get(Kind.REORDERED);
    long delayed = get(Kind.DELAYED);
    long corrupted = get(Kind.CORRUPTED);
    long droppedQueue = get(Kind.DROPPED_QUEUE);
    long dropped = get(Kind.DROPPED);
    long bytesReceived = get(Kind.BYTES_RECEIVED);
    long received = get(Kind.RECEIVED);
    return new LinkCounters(received, forwarded, dropped, droppedQueue, duplicated, reordered, delayed, corrupted,
        sendFailed, bytesReceived, bytesForwarded);
  }

  private long get(Kind kind) {
    return values.get(kind.ordinal());
  }
}
