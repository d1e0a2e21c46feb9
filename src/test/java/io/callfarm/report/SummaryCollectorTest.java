package io.callfarm.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.scratch.Scratch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testng.ITestResult;
import org.testng.annotations.Test;

public class SummaryCollectorTest {

  @Test
  public void countsOutcomesPrintsProgressAndWritesTheSummary() throws IOException {
    Path dir = Scratch.folder("summary");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SummaryCollector c = new SummaryCollector(dir, new PrintStream(err, true, StandardCharsets.UTF_8), false);
    c.suiteStarted(4);
    ITestResult withCall = result("call", new Object[] {"reject-fanout"});
    withCall.setAttribute(SummaryCollector.CALLS_ATTRIBUTE,
        new ArrayList<>(List.of(new CallMetrics("c1", "reject-fanout", List.of("a"), 1.0, null, null, null, null,
            null))));
    c.onTestSuccess(withCall);
    c.onTestFailure(result("hangup", new Object[0], new AssertionError(
        "suites/x.yaml:9: expect bob onCallEnd within 2000 ms: bob did not see onCallEnd\nwithin 2000 ms")));
    c.onTestSkipped(result("mute", new Object[0]));
    c.onTestFailedButWithinSuccessPercentage(result("flaky", new Object[0]));
    c.onTestSuccess(result("extra", new Object[0]));
    c.suiteFinished();

    RunSummary s = c.summary();
    assertEquals(List.of(s.tests(), s.passed(), s.failed(), s.skipped()), List.of(5, 3, 1, 1));
    assertEquals(s.calls().get(0).callId(), "c1");
    String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(lines[0], "[ 1/4 ] passed 1 failed 0 skipped 0  scenario: call(reject-fanout)");
    assertEquals(lines[1], "[ 2/4 ] passed 1 failed 1 skipped 0  scenario: hangup");
    assertEquals(lines[2], "  FAILED hangup: suites/x.yaml:9: expect bob onCallEnd within 2000 ms: bob did not see "
        + "onCallEnd | within 2000 ms", "the failure under its progress line, on one line");
    assertEquals(lines[5], "[ 5/5 ] passed 3 failed 1 skipped 1  scenario: extra", "count past the plan");
    assertEquals(c.failures(), List.of(lines[2]));
    RunSummary written = ReportJson.MAPPER.readValue(dir.resolve("summary.json").toFile(), RunSummary.class);
    assertEquals(written.tests(), 5);
    assertEquals(written.calls(), s.calls());
  }

  @Test
  public void inPlaceProgressRewritesOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SummaryCollector c = new SummaryCollector(Path.of("unused"), new PrintStream(err, true,
        StandardCharsets.UTF_8), true);
    c.suiteStarted(2);
    c.onTestSuccess(result("a-long-scenario-name", new Object[0]));
    c.onTestSuccess(result("b", new Object[0]));
    String out = err.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("\r[ 1/2 ]"), out);
    assertTrue(out.contains("\r[ 2/2 ] passed 2 failed 0 skipped 0  scenario: b" + " ".repeat(19)), out);
    assertTrue(!out.contains("\n"), out);
  }

  @Test
  public void aTestThatCouldNotRunIsBrokenNotFailed() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SummaryCollector c = new SummaryCollector(Path.of("unused"), new PrintStream(err, true,
        StandardCharsets.UTF_8), true);
    c.suiteStarted(1);
    c.onTestFailure(result("scenario", new Object[] {"big.yaml"}, new IllegalStateException(
        "big.yaml: error pool_too_small: big.yaml needs 4 browser devices at once, but device-farm/farm.yaml holds 3")));
    String out = err.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("\r[ 1/1 ] passed 0 failed 1 skipped 0  scenario: scenario(big.yaml)\n"
        + "  BROKEN scenario(big.yaml): IllegalStateException: big.yaml: error pool_too_small: big.yaml needs 4 "
        + "browser devices at once, but device-farm/farm.yaml holds 3\n"), out);
    assertEquals(c.failures().size(), 1);
  }

  @Test
  public void layoutKeepsCallDirectoriesInside() {
    ReportsLayout l = new ReportsLayout(Path.of("reports"));
    assertEquals(l.call("../../etc/x y"), Path.of("reports", "calls", ".._.._etc_x_y"));
    assertEquals(l.allureResults(), Path.of("reports", "allure-results"));
    assertEquals(l.summary(), Path.of("reports", "summary.json"));
  }

  /** A finished test result carrying only what the collector reads. */
  private static ITestResult result(String name, Object[] params) {
    return result(name, params, null);
  }

  private static ITestResult result(String name, Object[] params, Throwable throwable) {
    Map<String, Object> attributes = new HashMap<>();
    return (ITestResult) Proxy.newProxyInstance(ITestResult.class.getClassLoader(),
        new Class<?>[] {ITestResult.class}, (proxy, m, args) -> switch (m.getName()) {
          case "getName" -> name;
          case "getTestName" -> null;
          case "getParameters" -> params;
          case "getThrowable" -> throwable;
          case "getAttribute" -> attributes.get((String) args[0]);
          case "setAttribute" -> attributes.put((String) args[0], args[1]);
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }
}
