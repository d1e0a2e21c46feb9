package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.testng.annotations.Test;

/**
 * The load tier's users-per-box profile (suites/load.xml, {@code mvn -B -ntp verify -Pload}): 19,000
 * users — each holding one socket in the load generator and one in the engine child, under the
 * 20,000-per-process limit — log in and carry 200 cps for 10 s. The engine's live heap after login
 * must stay within 1 GiB (issue 12's bar; measured 168 MiB, 8.6 KiB per user, on 2026-12-01).
 * Figures go to reports/load-users/.
 */
@Test(groups = "load")
public class UsersPerBoxIT {
  private static final double ENGINE_HEAP_BAR_MB = 1024;

  @Test
  public void nineteenThousandUsersLogInAndLoseNothing() throws Exception {
    LoadProfile profile = new LoadProfile(19_000, 200, Duration.ofSeconds(10), Duration.ZERO, 0, 0,
        AnswerMode.ACCEPT, Duration.ofSeconds(2), Duration.ofSeconds(30), 2, 1);
    Path dir = Path.of("reports", "load-users");
    LoadReport report = LoadRun.run(profile, dir, line -> System.out.println("load: " + line));
    String summary = SummaryText.render(report);
    System.out.println(summary);
    LoadReports.assertComplete(report, dir);
    assertEquals(report.usersLoggedIn(), 19_000, summary);
    assertTrue(report.engine().heapAfterLoginMb() > 0
        && report.engine().heapAfterLoginMb() <= ENGINE_HEAP_BAR_MB, summary);
  }
}
