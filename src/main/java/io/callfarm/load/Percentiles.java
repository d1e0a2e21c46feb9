package io.callfarm.load;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution in milliseconds (recorded in microseconds).
 *
 * @param count how many measurements
 */
public record Percentiles(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs,
    double meanMs) {

  static Percentiles of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new Percentiles(0, 0, 0, 0, 0, 0);
    }
    return new Percentiles(h.getTotalCount(), ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()),
        Math.round(h.getMean()) / 1000.0);
  }

  /** The 99th percentile of one interval histogram in ms, 0 when empty. */
  static double p99Ms(Histogram h) {
    return h.getTotalCount() == 0 ? 0 : ms(h.getValueAtPercentile(99));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
