package io.callfarm.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency metric: recorded from any thread without locks (HdrHistogram {@link Recorder}, in
 * microseconds, up to 10 minutes, 3 significant digits), read per interval by the sampler and
 * accumulated for the whole run.
 */
final class Latency {
  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Recorder recorder = new Recorder(MAX_MICROS, 3);
  private final Histogram total = new Histogram(MAX_MICROS, 3);
  private Histogram interval;

  /** Records one measurement; negative values (clock races) count as 0. */
  void recordNanos(long nanos) {
    recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
  }

  /**
   * Closes the current interval: returns its histogram (valid until the next call) and adds it to
   * the run's total. Called by one thread at a time.
   */
  synchronized Histogram nextInterval() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  /** Everything recorded up to the last {@link #nextInterval()}. */
  synchronized Percentiles summary() {
    return Percentiles.of(total);
  }
}
