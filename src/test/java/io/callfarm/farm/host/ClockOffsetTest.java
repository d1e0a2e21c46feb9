package io.callfarm.farm.host;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/** A host on this JVM's clock maps exactly; one on another clock is found within half a round trip. */
public class ClockOffsetTest {

  @Test
  public void aSharedClockMapsExactly() {
    ClockOffset clock = ClockOffset.calibrate(System::nanoTime, 5);
    assertTrue(clock.shared(), clock.toString());
    assertEquals(clock.toLocal(123_456_789L), 123_456_789L);
    assertEquals(clock.uncertaintyNanos(), 0);
  }

  @Test
  public void anotherClockIsFoundWithinHalfTheRoundTrip() {
    long skew = TimeUnit.SECONDS.toNanos(42);
    ClockOffset clock = ClockOffset.calibrate(() -> System.nanoTime() + skew, 5);
    assertFalse(clock.shared());
    assertTrue(Math.abs(clock.offsetNanos() - skew) <= clock.uncertaintyNanos() + 1_000,
        "offset " + clock.offsetNanos() + " vs " + skew + " ± " + clock.uncertaintyNanos());
    long now = System.nanoTime();
    assertTrue(Math.abs(clock.toLocal(now + skew) - now) <= clock.uncertaintyNanos() + 1_000);
  }
}
