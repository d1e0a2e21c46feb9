package io.callfarm.engine.net;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

/** Pacing and tail-drop arithmetic of the rate limiter, on synthetic times. */
public class RateLimiterTest {

  private static final long MS = 1_000_000L;

  @Test
  public void aBurstIsSerialisedAtTheRate() {
    // 64 kbit/s = 8 bytes per ms: 200 bytes take 25 ms
    RateLimiter r = new RateLimiter(64, 1000);
    assertEquals(r.admit(0, 200), 25 * MS);
    assertEquals(r.admit(0, 200), 50 * MS);
    assertEquals(r.admit(1 * MS, 200), 75 * MS);
  }

  @Test
  public void anIdleLinkSendsAtArrivalPlusTransmissionTime() {
    RateLimiter r = new RateLimiter(64, 1000);
    assertEquals(r.admit(0, 200), 25 * MS);
    assertEquals(r.admit(100 * MS, 80), 110 * MS);
  }

  @Test
  public void aFullQueueTailDropsUntilAPacketHasLeft() {
    RateLimiter r = new RateLimiter(64, 3);
    assertEquals(r.admit(0, 200), 25 * MS);
    assertEquals(r.admit(0, 200), 50 * MS);
    assertEquals(r.admit(0, 200), 75 * MS);
    assertEquals(r.admit(0, 200), RateLimiter.DROPPED);
    assertEquals(r.admit(24 * MS, 200), RateLimiter.DROPPED);
    assertEquals(r.admit(25 * MS, 200), 100 * MS, "first packet left at 25 ms: room for one more");
  }

  @Test
  public void sustainedOverloadIsCutToTheRate() {
    // offer 4x the rate for 10 s: 200 B every 6.25 ms against 64 kbit/s (one per 25 ms), queue 10
    RateLimiter r = new RateLimiter(64, 10);
    int admitted = 0;
    long last = 0;
    for (int i = 0; i < 1600; i++) {
      long d = r.admit(i * 6_250_000L, 200);
      if (d != RateLimiter.DROPPED) {
        admitted++;
        last = d;
      }
    }
    double kbps = admitted * 200 * 8 / (last / 1e9) / 1000;
    assertEquals(kbps, 64, 0.5);
    assertEquals(admitted, 400 + 10, 1, "one per 25 ms for 10 s plus the queue's tail");
  }

  @Test
  public void rejectsNonsense() {
    expectThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 10));
    expectThrows(IllegalArgumentException.class, () -> new RateLimiter(64, 0));
  }
}
