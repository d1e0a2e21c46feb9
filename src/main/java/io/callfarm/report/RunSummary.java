package io.callfarm.report;

import java.util.List;

/**
 * The outcome of a run in one small file ({@code reports/summary.json}) that CI and the CLI read without
 * parsing Allure or JUnit output.
 *
 * @param tests      tests that finished (passed + failed + skipped)
 * @param passed     tests that passed
 * @param failed     tests that failed (a failure within its success percentage counts as passed)
 * @param skipped    tests skipped
 * @param durationMs wall time of the run, ms
 * @param calls      metrics of every call made, in the order they ended; never null
 */
public record RunSummary(int tests, int passed, int failed, int skipped, long durationMs, List<CallMetrics> calls) {

  public RunSummary {
    calls = List.copyOf(calls);
  }

  /** True when nothing failed; skipped tests do not fail a run. */
  public boolean ok() {
    return failed == 0;
  }
}
