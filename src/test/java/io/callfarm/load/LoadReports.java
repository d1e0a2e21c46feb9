package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Assertions shared by the load tests: a clean run with its figures and report files. */
final class LoadReports {
  private LoadReports() {}

  static void assertComplete(LoadReport report, Path dir) throws Exception {
    String summary = SummaryText.render(report);
    assertEquals(report.lost(), 0, "invitations without an outcome:\n" + summary);
    assertEquals(report.crossCheck().mismatches(), 0, "engine disagrees:\n" + summary);
    assertEquals(report.stuckUsers(), 0, summary);
    assertTrue(report.calls().placed() > 0, summary);
    long outcomes = report.invitations().entrySet().stream()
        .filter(e -> !e.getKey().equals("lost")).mapToLong(e -> e.getValue()).sum();
    long invitations = report.calls().oneToOne() + 2 * report.calls().group();
    assertEquals(outcomes, invitations, "one outcome per invitation:\n" + summary);
    assertTrue(report.achievedCps() > 0, summary);
    assertTrue(report.maxConcurrentCalls() > 0, summary);
    for (String metric : List.of("login", "invite_to_invited")) {
      Percentiles p = report.latency().get(metric);
      assertTrue(p.count() > 0 && p.p99Ms() >= p.p50Ms() && p.maxMs() > 0, metric + ": " + p);
    }
    assertTrue(report.maxHeapMb() > 0, summary);
    for (String file : List.of("summary.json", "timeseries.csv", "cps.png", "concurrent.png",
        "p99_invite_ms.png", "cpu.png", "heap_mb.png")) {
      assertTrue(Files.size(dir.resolve(file)) > 0, file);
    }
    List<String> csv = Files.readAllLines(dir.resolve("timeseries.csv"));
    assertEquals(csv.get(0), Sample.CSV_HEADER);
    assertTrue(csv.size() > 2, "per-second samples: " + csv);
    assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"passed\" : true"));
  }
}
