package io.callfarm.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/**
 * {@code callfarm demo} as a user runs it: the engine, the 1v1 and group scenes with their timelines and the
 * call with real audio pass; a timeout that is not a positive number of milliseconds is refused before anything
 * starts.
 */
@Test(groups = "integration")
public class DemoIT {

  @Test(timeOut = 120_000)
  public void theDemoPassesEveryScene() {
    Launcher.Outcome demo = Launcher.run("demo");
    assertEquals(demo.exit(), 0, demo.stdout());
    assertTrue(demo.stdout().contains("demo passed: every device saw the callbacks the protocol promises"),
        demo.stdout());
    assertTrue(demo.stdout().contains("erin's recording of dave: "), demo.stdout());
  }

  @Test
  public void aTimeoutThatIsNotPositiveIsRefused() {
    Launcher.Outcome refused = Launcher.run("demo", "--timeout", "0");
    assertEquals(refused.exit(), 2, "picocli's exit code for a bad parameter");
    assertTrue(!refused.stdout().contains("engine: "), "nothing started: " + refused.stdout());
  }
}
