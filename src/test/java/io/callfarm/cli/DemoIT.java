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

  /** The waits follow the timeout: each was a fixed 10 s, so a 15 s ring-out was reported as never seen. */
  @Test(timeOut = 180_000)
  public void aTimeoutLongerThanTheOldFixedWaitPasses() {
    Launcher.Outcome demo = Launcher.run("demo", "--timeout", "15000");
    assertEquals(demo.exit(), 0, demo.stdout());
    assertTrue(demo.stdout().contains("carol lets it ring out (15000 ms)"), demo.stdout());
    assertTrue(demo.stdout().contains("demo passed"), demo.stdout());
  }

  @Test
  public void aTimeoutThatIsNotPositiveIsRefused() {
    Launcher.Outcome refused = Launcher.run("demo", "--timeout", "0");
    assertEquals(refused.exit(), 2, refused.stderr());
    assertTrue(refused.stderr().startsWith("error invalid_argument: --timeout must be 1.."), refused.stderr());
    assertTrue(!refused.stdout().contains("engine: "), "nothing started: " + refused.stdout());
  }
}
