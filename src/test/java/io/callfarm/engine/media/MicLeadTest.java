package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/**
 * The microphone lead controller on a simulated microphone and playout thread: the lead is held when the playout
 * rate moves (as a loaded machine's does), while settling nothing is corrected, events re-latch instead of being
 * "corrected", and a disabled controller changes nothing.
 */
public class MicLeadTest {

  private static final long MS = 1_000_000L;

  /**
   * A microphone sending at a base pace times the controller's factor into a playout thread pulling 10 ms at a time,
   * on a 0.25 ms tick; the lead is averaged over each 500 ms window (a single reading moves by a whole frame).
   */
  private static final class Loop {
    final MicLead lead;
    final MicLead.Stream stream;
    long now;
    long sent;
    long pulled;
    double nextMic;
    double nextPull;
    final java.util.List<Double> windowMeansMs = new java.util.ArrayList<>();

    Loop(boolean controlled) {
      lead = new MicLead(controlled);
      stream = lead.open("alice");
    }

    /** Runs {@code ms} with the playout thread at {@code playoutRate} and the microphone's base at {@code micRate}. */
    void run(long ms, double playoutRate, double micRate, boolean measure) {
      long end = now + ms * MS;
      double sum = 0;
      int n = 0;
      while (now < end) {
        now += MS / 4;
        if (now >= nextPull) {
          stream.pulled(MicSource.FRAME_SAMPLES, now);
          pulled += MicSource.FRAME_SAMPLES;
          nextPull += 1e9 * MicSource.FRAME_SAMPLES / playoutRate;
        }
        if (now >= nextMic) {
          sent += MicSource.FRAME_SAMPLES;
          double trim = lead.periodFactor("alice", sent, Math.round(nextMic));
          nextMic += 1e9 * MicSource.FRAME_SAMPLES / micRate * trim;
        }
        sum += (sent - pulled) * 1000.0 / MicSource.SAMPLE_RATE;
        if (++n == 2_000) {
          if (measure) {
            windowMeansMs.add(sum / n);
          }
          sum = 0;
          n = 0;
        }
      }
    }

    double rangeMs() {
      return windowMeansMs.stream().mapToDouble(d -> d).max().orElseThrow()
          - windowMeansMs.stream().mapToDouble(d -> d).min().orElseThrow();
    }
  }

  @Test
  public void theLeadStaysPutWhenThePlayoutRateMovesAwayFromTheMicrophonesPace() {
    Loop loop = new Loop(true);
    loop.run(1_500, 47_850, 47_850, false);
    // the machine gets busier: the playout thread slows by 0.4 %, the microphone's base pace does not follow
    loop.run(8_000, 47_660, 47_850, true);
    assertTrue(loop.rangeMs() <= 3, "lead moved by " + loop.rangeMs() + " ms: " + loop.windowMeansMs);
  }

  @Test
  public void withoutTheControllerTheSameMoveDriftsTheLead() {
    Loop loop = new Loop(false);
    loop.run(1_500, 47_850, 47_850, false);
    loop.run(8_000, 47_660, 47_850, true);
    // 0.4 % of 8 s: about 32 ms of audio piles up in the receiver
    assertTrue(loop.rangeMs() >= 25, "lead moved by " + loop.rangeMs() + " ms");
  }

  @Test
  public void aPileUpSlowsTheMicrophoneADrainSpeedsItUpAndTheCorrectionIsBounded() {
    MicLead lead = new MicLead(true);
    MicLead.Stream s = lead.open("alice");
    long t = 0;
    for (int i = 0; i < 150; i++) {
      s.pulled(480, t);
      t += 10 * MS;
    }
    long pulledSoFar = 150 * 480L;
    // settled (1.5 s after the first pull): the first call latches the lead, so no correction yet
    assertEquals(lead.periodFactor("alice", pulledSoFar + 1_920, t), 1.0, 1e-3);
    // 4.8 ms more in flight: slower by 240 / 48,000 (shed in a second)
    assertEquals(lead.periodFactor("alice", pulledSoFar + 1_920 + 240, t), 1.005, 1e-3);
    // 4.8 ms less: faster
    assertEquals(lead.periodFactor("alice", pulledSoFar + 1_920 - 240, t), 0.995, 1e-3);
    // 15 ms more: capped at 1 %
    assertEquals(lead.periodFactor("alice", pulledSoFar + 1_920 + 720, t), 1.0 + MicLead.MAX_CORRECTION, 1e-9);
  }

  @Test
  public void nothingIsCorrectedWhileSettlingAndEventsReLatch() {
    MicLead lead = new MicLead(true);
    MicLead.Stream s = lead.open("alice");
    s.pulled(480, 0);
    assertEquals(lead.periodFactor("alice", 100_000, 500 * MS), 1.0, "settling: no correction");
    for (long t = 10; t <= 1_200; t += 10) {
      s.pulled(480, t * MS);
    }
    long now = 1_200 * MS;
    assertEquals(lead.periodFactor("alice", 60_000, now), 1.0, 1e-9);
    // a jump of 30 ms (a stall somewhere, not a drift) is latched afresh instead of corrected
    assertEquals(lead.periodFactor("alice", 60_000 + 1_440, now), 1.0, 1e-9);
    // a microphone restart: settle again
    lead.restart("alice", now);
    assertEquals(lead.periodFactor("alice", 60_000 + 1_440 + 400, now + 10 * MS), 1.0, "restarted: settling");
    // a playout pause of more than the stall limit also settles again
    s.pulled(480, now + 500 * MS);
    assertEquals(lead.periodFactor("alice", 70_000, now + 600 * MS), 1.0, "paused: settling");
  }

  @Test
  public void theMedianOfTheReceiversDecidesAndClosedStreamsStopCounting() {
    MicLead lead = new MicLead(true);
    MicLead.Stream a = lead.open("alice");
    MicLead.Stream b = lead.open("alice");
    MicLead.Stream c = lead.open("alice");
    long t = 0;
    for (int i = 0; i < 150; i++) {
      a.pulled(480, t);
      b.pulled(480, t);
      c.pulled(480, t);
      t += 10 * MS;
    }
    long base = 150 * 480L + 1_000;
    assertEquals(lead.periodFactor("alice", base, t), 1.0, 1e-9);
    t += 10 * MS;
    a.pulled(480, t);
    a.pulled(480, t);   // a played 10 ms more than b and c (whose next pulls are interpolated)
    assertEquals(lead.periodFactor("alice", base, t), 1.0, 1e-3, "median of (-480, 0, 0)");
    lead.close(b);
    lead.close(c);
    assertTrue(lead.periodFactor("alice", base, t) < 1.0, "only a left: it drained, so faster");
    lead.close(a);
    assertEquals(lead.periodFactor("alice", base, t), 1.0, "no receivers: unchanged");
  }

  @Test
  public void thePlayoutRateIsMeasuredOverTheIntervalAskedFor() {
    MicLead lead = new MicLead(true);
    MicLead.Stream s = lead.open("alice");
    double t = 0;
    while (t < 3e9) {
      s.pulled(480, Math.round(t));
      t += 1e9 * 480 / 47_800;
    }
    while (t < 6e9) {
      s.pulled(480, Math.round(t));
      t += 1e9 * 480 / 47_600;
    }
    assertEquals(lead.playoutRate("alice", 3_000 * MS, 6_000 * MS), 47_600, 5);
    assertEquals(lead.playoutRate("alice", 0, 6_000 * MS), 47_700, 10);
    assertTrue(Double.isNaN(lead.playoutRate("alice", 7_000 * MS, 8_000 * MS)), "after the last pull");
    assertTrue(Double.isNaN(lead.playoutRate("bob", 0, 6_000 * MS)), "nobody carries bob");
    // the history holds the last 12.8 s: an interval starting before it is not answered with a shorter one
    while (t < 20e9) {
      s.pulled(480, Math.round(t));
      t += 1e9 * 480 / 47_600;
    }
    assertTrue(Double.isNaN(lead.playoutRate("alice", 0, 20_000 * MS)), "older than the history");
    assertEquals(lead.playoutRate("alice", 10_000 * MS, 20_000 * MS), 47_600, 5);
  }
}
