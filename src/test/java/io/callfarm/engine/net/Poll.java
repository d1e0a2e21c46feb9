package io.callfarm.engine.net;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking every millisecond; fails with a message saying what was seen. */
final class Poll {

  private Poll() {}

  static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + timeout.toMillis() + " ms: " + state.get());
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
