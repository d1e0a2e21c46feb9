package io.callfarm.report;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testng.IConfigurationListener;
import org.testng.ISuite;
import org.testng.ISuiteListener;
import org.testng.ITestListener;
import org.testng.ITestResult;
import org.testng.Reporter;

/**
 * Counts a TestNG run's results for {@code summary.json} and shows how far a long run has got, one line per
 * finished test on stderr: {@code [ 12/40 ] passed 11 failed 1 skipped 0  scenario: reject-fanout} (rewritten in
 * place with a carriage return on a terminal). Every failed test gets a line of its own under it, with why:
 * {@code   FAILED 1v1-reject.yaml: suites/..:11: expect alice onReject(bob) within 2000 ms: alice did not see ...}
 * (an {@link AssertionError}: the test's check failed), or {@code BROKEN} for any other exception (the test could
 * not run: a refused lease, a set-up failure); {@link #failures()} keeps them for a recap. The planned total is
 * the number of test methods of the suites started so far, so data-provider invocations can push the count past
 * it; it then grows with the count.
 *
 * <p>Register it like any TestNG listener (suite XML {@code <listener>}, {@code TestNG.addListener}); it writes
 * {@link ReportsLayout#summary()} when each suite finishes, with the totals of all suites so far. Tests record a
 * call's metrics with {@link #record(CallMetrics)}. Thread-safe: parallel tests may finish concurrently.
 */
public final class SummaryCollector implements ITestListener, ISuiteListener, IConfigurationListener {

  static final String CALLS_ATTRIBUTE = "callfarm.calls";

  private final Path reportsDir;
  private final PrintStream progress;
  private final boolean inPlace;
  private final List<CallMetrics> calls = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private int planned;
  private int passed;
  private int failed;
  private int skipped;
  private long startNanos;
  private boolean started;
  private int lastLineLength;

  /** Writes to {@code reports/} in the working directory and shows progress on stderr (as TestNG needs). */
  public SummaryCollector() {
    this(ReportsLayout.standard().root(), System.err, System.console() != null);
  }

  /**
   * @param reportsDir where {@code summary.json} goes
   * @param progress   where the progress line goes
   * @param inPlace    true to rewrite one line with {@code \r} (terminals), false for one line per test (logs)
   */
  public SummaryCollector(Path reportsDir, PrintStream progress, boolean inPlace) {
    this.reportsDir = reportsDir;
    this.progress = progress;
    this.inPlace = inPlace;
  }

  /**
   * Adds a call's metrics to the summary from within the running test (the current TestNG test result carries
   * them until the test finishes). Call it on the test's own thread.
   *
   * @throws IllegalStateException when no TestNG test is running on this thread
   */
  @SuppressWarnings("unchecked")
  public static void record(CallMetrics call) {
    ITestResult current = Reporter.getCurrentTestResult();
    if (current == null) {
      throw new IllegalStateException("SummaryCollector.record(" + call.callId() + ") called outside a running"
          + " TestNG test; call it from the test method's thread");
    }
    synchronized (current) {
      Object list = current.getAttribute(CALLS_ATTRIBUTE);
      if (list == null) {
        list = new ArrayList<CallMetrics>();
        current.setAttribute(CALLS_ATTRIBUTE, list);
      }
      ((List<CallMetrics>) list).add(call);
    }
  }

  @Override
  public void onStart(ISuite suite) {
    suiteStarted(suite.getAllMethods().size());
  }

  /** A suite with {@code methods} test methods started. */
  synchronized void suiteStarted(int methods) {
    if (!started) {
      started = true;
      startNanos = System.nanoTime();
    }
    planned += methods;
  }

  @Override
  public void onFinish(ISuite suite) {
    suiteFinished();
  }

  /** A suite finished: ends the progress line and writes the summary so far. */
  void suiteFinished() {
    RunSummary summary = summary();
    synchronized (this) {
      if (inPlace && lastLineLength > 0) {
        progress.println();
        lastLineLength = 0;
      }
    }
    SummaryWriter.write(reportsDir, summary);
  }

  @Override
  public void onTestSuccess(ITestResult result) {
    finished(result, Outcome.PASSED);
  }

  @Override
  public void onTestFailedButWithinSuccessPercentage(ITestResult result) {
    finished(result, Outcome.PASSED);
  }

  @Override
  public void onTestFailure(ITestResult result) {
    finished(result, Outcome.FAILED);
  }

  @Override
  public void onTestSkipped(ITestResult result) {
    finished(result, Outcome.SKIPPED);
  }

  /** A set-up or tear-down method failed (e.g. the engine did not start): its tests will be skipped, say why. */
  @Override
  public void onConfigurationFailure(ITestResult result) {
    synchronized (this) {
      String line = failure("BROKEN", result.getMethod() == null ? result.getName()
          : result.getMethod().getQualifiedName(), result.getThrowable());
      failures.add(line);
      endProgressLine();
      progress.println(line);
      progress.flush();
    }
  }

  /** Every failed or broken test so far, one line each ({@code FAILED name: why}), in the order they finished. */
  public synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  /** Totals so far; duration counts from the first suite's start. */
  public synchronized RunSummary summary() {
    long durationMs = started ? (System.nanoTime() - startNanos) / 1_000_000 : 0;
    return new RunSummary(passed + failed + skipped, passed, failed, skipped, durationMs, calls);
  }

  private enum Outcome { PASSED, FAILED, SKIPPED }

  @SuppressWarnings("unchecked")
  private void finished(ITestResult result, Outcome outcome) {
    Object recorded;
    synchronized (result) {
      recorded = result.getAttribute(CALLS_ATTRIBUTE);
    }
    synchronized (this) {
      switch (outcome) {
        case PASSED -> passed++;
        case FAILED -> failed++;
        case SKIPPED -> skipped++;
      }
      if (recorded != null) {
        calls.addAll((List<CallMetrics>) recorded);
      }
      int done = passed + failed + skipped;
      String line = String.format("[ %d/%d ] passed %d failed %d skipped %d  scenario: %s", done,
          Math.max(planned, done), passed, failed, skipped, name(result));
      if (inPlace) {
        progress.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
        lastLineLength = line.length();
      } else {
        progress.println(line);
      }
      if (outcome == Outcome.FAILED) {
        Throwable why = result.getThrowable();
        String failure = failure(why == null || why instanceof AssertionError ? "FAILED" : "BROKEN", name(result),
            why);
        failures.add(failure);
        endProgressLine();
        progress.println(failure);
      }
      progress.flush();
    }
  }

  private void endProgressLine() {
    if (inPlace && lastLineLength > 0) {
      progress.println();
      lastLineLength = 0;
    }
  }

  /** {@code   FAILED name: message} on one line (a scenario's message starts with {@code file:line: step:}). */
  static String failure(String status, String name, Throwable why) {
    String message = why == null ? "(no reason recorded)"
        : why instanceof AssertionError || why.getMessage() == null ? String.valueOf(why.getMessage())
        : why.getClass().getSimpleName() + ": " + why.getMessage();
    return "  " + status + " " + name + ": " + message.replaceAll("\\s*\\R\\s*", " | ");
  }

  /** The test's own name ({@code ITest}), else the method with its first parameter (the scenario). */
  static String name(ITestResult result) {
    if (result.getTestName() != null && !result.getTestName().isBlank()) {
      return result.getTestName();
    }
    Object[] params = result.getParameters();
    return params == null || params.length == 0 ? result.getName() : result.getName() + "(" + params[0] + ")";
  }
}
