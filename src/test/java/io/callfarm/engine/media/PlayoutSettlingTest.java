package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/**
 * The settle rule on stats sequences read from real loopback calls on this machine (100 ms apart, one busy core
 * alongside), and on made-up impaired and stuck ones.
 */
public class PlayoutSettlingTest {

  /** Feeds 100 ms intervals of (waited ms, target ms, inserted, removed, concealed) and records when it settled. */
  private static final class Feed {
    final PlayoutSettling settling = new PlayoutSettling();
    long atMs;
    double delay;
    double target;
    long emitted;
    long inserted;
    long removed;
    long concealed;
    long settledAtMs = -1;

    Feed() {
      settling.add(reading());
    }

    Feed interval(double waitedMs, double targetMs, long ins, long rem, long conc) {
      atMs += 100;
      delay += 4800 * waitedMs / 1000;
      target += 4800 * targetMs / 1000;
      emitted += 4800;
      inserted += ins;
      removed += rem;
      concealed += conc;
      settling.add(reading());
      if (settledAtMs < 0 && settling.settled()) {
        settledAtMs = atMs;
      }
      return this;
    }

    Feed repeat(int n, double waitedMs, double targetMs) {
      for (int i = 0; i < n; i++) {
        interval(waitedMs, targetMs, 0, 0, 0);
      }
      return this;
    }

    private PlayoutSettling.Reading reading() {
      return new PlayoutSettling.Reading(atMs * 1_000_000L, delay, target, emitted, inserted, removed, concealed);
    }
  }

  /** NetEq's start-up on a clean call: stretching towards 80 ms, then the 20 ms target and a steady buffer. */
  private static Feed cleanStart() {
    return new Feed().interval(10, 80, 120, 0, 0).interval(10, 80, 240, 0, 0).interval(14, 80, 240, 0, 0)
        .interval(18, 80, 120, 0, 0).interval(18, 80, 240, 0, 0).interval(28, 44, 120, 0, 0)
        .interval(28, 20, 0, 0, 0);
  }

  @Test
  public void aCleanCallSettlesHalfASecondAfterNetEqStopsStretching() {
    Feed f = cleanStart().repeat(20, 30, 20);
    assertEquals(f.settledAtMs, 1100, "settled at");
  }

  @Test
  public void aBufferThatNetEqWillStillCompressIsNotSettledUntilItHasBeenCompressed() {
    // measured: 30 ms piled up by a start-up hiccup; 40 ms waited at a 20 ms target for 1.8 s, then NetEq
    // removed 511 samples and the buffer held at 30 ms
    Feed f = new Feed().interval(10, 80, 120, 0, 0).interval(20, 80, 240, 0, 1200).interval(35, 80, 240, 0, 0)
        .interval(37.5, 80, 120, 0, 0).interval(50, 80, 240, 0, 0).interval(41.7, 30, 0, 120, 0)
        .interval(38.3, 20, 0, 240, 0).repeat(18, 40, 20);
    assertFalse(f.settling.settled(), "40 ms at a 20 ms target is not settled");
    assertTrue(f.settling.state().contains("above"), f.settling.state());
    f.interval(34, 20, 0, 511, 0).repeat(10, 30, 20);
    assertEquals(f.settledAtMs, 3100, "settled half a second after the compression");
  }

  @Test
  public void anImpairedLinkWhereNetEqKeepsAdaptingNeverSettles() {
    Feed f = new Feed();
    for (int i = 0; i < 100; i++) {
      f.interval(60, 60, i % 3 == 0 ? 480 : 0, i % 5 == 0 ? 480 : 0, i % 7 == 0 ? 960 : 0);
    }
    assertFalse(f.settling.settled());
  }

  @Test
  public void aMovingTargetIsNotSettled() {
    Feed f = cleanStart();
    for (int i = 0; i < 50; i++) {
      f.interval(30, 20 + 10 * (i % 2), 0, 0, 0);
    }
    assertFalse(f.settling.settled());
    assertTrue(f.settling.state().contains("target delay moving"), f.settling.state());
  }

  @Test
  public void aTargetStillAtNetEqsStartValueCountsOnlyAfterTheGrace() {
    Feed f = new Feed().repeat(15, 85, 80);
    assertFalse(f.settling.settled(), "1.5 s at the start target");
    f.repeat(10, 85, 80);
    assertEquals(f.settledAtMs, PlayoutSettling.START_TARGET_GRACE_MS);
  }

  @Test
  public void aPausedPlayoutIsNotSettledAndSettledStaysSettled() {
    Feed paused = cleanStart();
    for (int i = 0; i < 10; i++) {
      paused.atMs += 100;
      paused.settling.add(paused.reading());
    }
    assertFalse(paused.settling.settled(), "no samples emitted");
    Feed f = cleanStart().repeat(10, 30, 20).interval(50, 40, 0, 960, 480);
    assertTrue(f.settling.settled(), "a later compression does not unsettle it");
  }

  @Test
  public void aWaivedStreamCountsAsSettledAndSaysWhy() {
    Feed f = new Feed().repeat(10, 60, 20);
    assertFalse(f.settling.settled());
    f.settling.waive("impaired");
    assertTrue(f.settling.settled());
    assertEquals(f.settling.state(), "impaired");
  }

  @Test
  public void oneReadingAtATimeAndALostOneIsGivenUp() {
    PlayoutSettling s = new PlayoutSettling();
    assertTrue(s.startReading(0));
    assertFalse(s.startReading(1_000_000_000L), "still in flight after 1 s");
    s.readingDone();
    assertTrue(s.startReading(1_000_000_001L), "answered: the next may start");
    assertTrue(s.startReading(1_000_000_001L + PlayoutSettling.READING_LOST_MS * 1_000_000L),
        "not answered within the bound: taken as lost");
  }
}
