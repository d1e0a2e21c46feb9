package io.callfarm.farm.browser;

import org.openqa.selenium.JavascriptExecutor;

/**
 * Maps the page's clock ({@code performance.timeOrigin + performance.now()}, epoch milliseconds) onto
 * the JVM's {@link System#nanoTime()} and {@link System#currentTimeMillis()}. Calibrated once by the
 * round trip with the smallest latency out of a few: the page instant is taken to be the midpoint, so
 * the error is at most half that round trip (typically well under a millisecond on loopback).
 */
final class PageClock {
  private static final int ROUNDS = 5;

  private final double pageMillisAtZero;
  private final long jvmNanosAtZero;
  private final long jvmMillisAtZero;
  private final long uncertaintyNanos;

  private PageClock(double pageMillis, long jvmNanos, long jvmMillis, long uncertaintyNanos) {
    this.pageMillisAtZero = pageMillis;
    this.jvmNanosAtZero = jvmNanos;
    this.jvmMillisAtZero = jvmMillis;
    this.uncertaintyNanos = uncertaintyNanos;
  }

  static PageClock calibrate(JavascriptExecutor page) {
    PageClock best = null;
    for (int i = 0; i < ROUNDS; i++) {
      long before = System.nanoTime();
      long wall = System.currentTimeMillis();
      Number pageNow = (Number) page.executeScript(
          "return performance.timeOrigin + performance.now();");
      long after = System.nanoTime();
      long half = (after - before) / 2;
      PageClock candidate = new PageClock(pageNow.doubleValue(), before + half,
          wall + half / 1_000_000, half);
      if (best == null || candidate.uncertaintyNanos < best.uncertaintyNanos) {
        best = candidate;
      }
    }
    return best;
  }

  /** The JVM {@link System#nanoTime()} of a page instant. */
  long toJvmNanos(double pageMillis) {
    return jvmNanosAtZero + Math.round((pageMillis - pageMillisAtZero) * 1_000_000);
  }

  /** The JVM wall clock (epoch ms) of a page instant. */
  long toJvmMillis(double pageMillis) {
    return jvmMillisAtZero + Math.round(pageMillis - pageMillisAtZero);
  }

  /** Half the calibration round trip: how far off a converted instant may be, in nanoseconds. */
  long uncertaintyNanos() {
    return uncertaintyNanos;
  }
}
