package io.callfarm.load;

import static org.testng.Assert.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.testng.annotations.Test;

/**
 * The load tier's sustained profile (suites/load.xml, {@code mvn verify -Pload}): 1,000 call setups
 * per second for 60 s after a 10 s ramp, signalling only, 4,000 users, accepted 1v1 calls of 1 s. Pinned: the rate is
 * held (no call skipped for lack of idle users or for running behind), every invitation has exactly
 * one terminal outcome, lost = 0, and the engine's call records agree. Figures go to
 * reports/load/sustained.
 */
@Test(groups = "load")
public class SustainedLoadIT {

  @Test
  public void thousandCallsPerSecondForAMinuteLoseNothing() throws Exception {
    // a 10 s ramp (the JIT warms up on it), then 60 s at the full rate
    LoadProfile profile = new LoadProfile(4000, 1000, Duration.ofSeconds(70), Duration.ofSeconds(10),
        0, 0, AnswerMode.ACCEPT, Duration.ofSeconds(1), Duration.ofSeconds(30), 2, 1);
    Path dir = Path.of("reports", "load", "sustained");
    LoadReport report = LoadRun.run(profile, dir, line -> System.out.println("load: " + line));
    System.out.println(SummaryText.render(report));
    LoadReports.assertComplete(report, dir);
    String summary = SummaryText.render(report);
    assertEquals(report.calls().scheduled(), 65_000, summary); // 5,000 on the ramp + 60 s x 1,000
    assertEquals(report.calls().placed(), report.calls().scheduled(), summary);
    assertEquals(report.calls().skippedNoIdleUsers(), 0, summary);
    assertEquals(report.calls().skippedBehindSchedule(), 0, summary);
  }
}
