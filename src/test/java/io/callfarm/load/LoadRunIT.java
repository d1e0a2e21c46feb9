package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testng.annotations.Test;

/**
 * A small load run in the integration tier, so CI exercises the whole load path: 100 users, 20 cps
 * for 5 s, mixed answers and a share of group calls, short timeout. Every invitation must get its
 * outcome, the engine's records must agree, and the report must hold its figures and files.
 */
@Test(groups = "integration")
public class LoadRunIT {

  @Test
  public void smallRunAccountsForEveryInvitation() throws Exception {
    LoadProfile profile = new LoadProfile(100, 20, Duration.ofSeconds(5), Duration.ofSeconds(1),
        0.2, 0, AnswerMode.MIXED, Duration.ofMillis(500), Duration.ofSeconds(3), 2, 7);
    Path dir = Files.createTempDirectory("callfarm-load-it");
    LoadReport report = LoadRun.run(profile, dir, line -> System.out.println("load-it: " + line));
    System.out.println(SummaryText.render(report));
    LoadReports.assertComplete(report, dir);
    assertEquals(report.usersLoggedIn(), 100);
    assertTrue(report.calls().group() > 0, "some group calls: " + report.calls());
    assertTrue(report.invitations().get("rejected") > 0, "mixed answers reject some");
  }
}
