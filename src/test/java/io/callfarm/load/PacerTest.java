package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/** The call schedule: constant rate, linear ramp, and call times consistent with the counts. */
public class PacerTest {

  @Test
  public void withoutRampCallsAreEvenlySpaced() {
    Pacer pacer = new Pacer(50, 0, 10);
    assertEquals(pacer.total(), 500);
    assertEquals(pacer.timeOf(1), 0.02, 1e-9);
    assertEquals(pacer.timeOf(500), 10.0, 1e-9);
    assertEquals(pacer.dueBy(4), 200);
  }

  @Test
  public void rampRisesLinearlyThenHolds() {
    Pacer pacer = new Pacer(100, 4, 10);
    assertEquals(pacer.dueBy(4), 200, "half the full rate's calls over the ramp");
    assertEquals(pacer.dueBy(2), 50, "a quarter of the ramp's calls by its middle");
    assertEquals(pacer.total(), 800);
    assertEquals(pacer.dueBy(60), 800, "nothing after the phase");
  }

  @Test
  public void eachCallIsDueWhenTheCountReachesIt() {
    Pacer pacer = new Pacer(37, 3, 9);
    for (long n = 1; n <= pacer.total(); n++) {
      double t = pacer.timeOf(n);
      assertTrue(pacer.dueBy(t + 1e-6) >= n, "call " + n + " due at " + t);
      assertTrue(pacer.dueBy(t - 1e-3) < n, "call " + n + " not due before " + t);
    }
  }
}
