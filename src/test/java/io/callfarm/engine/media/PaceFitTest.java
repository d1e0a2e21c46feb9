package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.Random;
import org.testng.annotations.Test;

/**
 * The pace of a counter read at jittery instants: the slope recovers the true rate where two endpoint readings
 * miss it by more than the differences being measured, and too few readings give no answer.
 */
public class PaceFitTest {

  @Test
  public void theSlopeOverEveryReadingSeesThroughSchedulingJitter() {
    Random random = new Random(7);
    double trueRate = 47_812.5;
    PaceFit fit = new PaceFit();
    long firstAt = 0;
    long lastAt = 0;
    long frames = 800;
    for (long k = 0; k < frames; k++) {
      double ideal = k * 480 / trueRate * 1e9;
      // the thread wakes 0-2 ms late; the first reading happened on time, the last one 3 ms late
      double late = k == 0 ? 0 : k == frames - 1 ? 3e6 : random.nextDouble() * 2e6;
      long at = Math.round(ideal + late);
      firstAt = k == 0 ? at : firstAt;
      lastAt = at;
      fit.add(at, k * 480.0);
    }
    double endpoints = (frames - 1) * 480 * 1e9 / (lastAt - firstAt);
    assertEquals(fit.samplesPerSecond(), trueRate, 2, "slope");
    assertTrue(Math.abs(endpoints - trueRate) > 9, "the endpoints alone miss by " + (endpoints - trueRate));
  }

  @Test
  public void fewerThanTwoDistinctInstantsGiveNoPace() {
    PaceFit fit = new PaceFit();
    assertTrue(Double.isNaN(fit.samplesPerSecond()));
    fit.add(5, 0);
    assertTrue(Double.isNaN(fit.samplesPerSecond()));
    fit.add(5, 480);
    assertTrue(Double.isNaN(fit.samplesPerSecond()), "same instant");
    fit.add(10_000_005, 960);
    assertTrue(fit.samplesPerSecond() > 0);
    assertEquals(fit.readings(), 3);
  }
}
