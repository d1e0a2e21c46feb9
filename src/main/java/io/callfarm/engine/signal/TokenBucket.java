package io.callfarm.engine.signal;

/**
 * A token bucket on a nanosecond clock: {@code capacity} tokens, refilled at {@code perSecond}.
 * Thread-safe (synchronized; the buckets are per user, so contention is rare).
 */
final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  TokenBucket(double capacity, double perSecond, long nowNanos) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code n} tokens if there are that many; else takes nothing. */
  synchronized boolean tryTake(double n, long nowNanos) {
    refill(nowNanos);
    if (tokens < n) {
      return false;
    }
    tokens -= n;
    return true;
  }

  /** Milliseconds until {@code n} tokens are there (0 when they are now). */
  synchronized long millisUntil(double n, long nowNanos) {
    refill(nowNanos);
    return tokens >= n ? 0 : (long) Math.ceil((n - tokens) / perNano / 1e6);
  }

  /** Full again: nothing to remember, the bucket can be dropped. */
  synchronized boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    if (nowNanos > lastNanos) {
      tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
      lastNanos = nowNanos;
    }
  }
}
