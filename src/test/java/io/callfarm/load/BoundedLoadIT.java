package io.callfarm.load;

import java.nio.file.Path;
import java.time.Duration;
import org.testng.annotations.Test;

/**
 * The load tier's bounded profile (suites/load.xml, {@code mvn verify -Pload}): 200 users, 50 cps
 * for 10 s, accepted 1v1 and group calls. Figures are printed and written to reports/load; the
 * test asserts completeness (lost = 0, the engine agrees), not performance goals.
 */
@Test(groups = "load")
public class BoundedLoadIT {

  @Test
  public void boundedProfileLosesNothing() throws Exception {
    LoadProfile profile = new LoadProfile(200, 50, Duration.ofSeconds(10), Duration.ofSeconds(2),
        0.1, 0, AnswerMode.ACCEPT, Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 1);
    Path dir = Path.of("reports", "load");
    LoadReport report = LoadRun.run(profile, dir, line -> System.out.println("load: " + line));
    System.out.println(SummaryText.render(report));
    LoadReports.assertComplete(report, dir);
  }
}
