package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;

import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * The pace the microphones follow, from simulated playout threads (pull instants are given, not waited for). The
 * clock reads {@link System#nanoTime()} only to age its cached paces, so each check uses fresh senders or waits out
 * the refresh period.
 */
@Test
public class PlayoutClockTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** {@code seconds} of 10 ms pulls of {@code samplesPerPull} samples each, starting at {@code start}. */
  private static void pull(PlayoutClock clock, String sender, Object stream, int samplesPerPull, double seconds,
      long start) {
    for (int i = 0; i <= seconds * 100; i++) {
      clock.pulled(sender, stream, samplesPerPull, start + i * 10 * MS);
    }
  }

  public void nominalUntilAStreamHasPulledForASecond() {
    PlayoutClock clock = new PlayoutClock(true);
    pull(clock, "a", new Object(), 478, 0.5, 0);
    assertEquals(clock.samplesPerSecond("a"), 48_000.0);
  }

  public void aSenderFollowsTheMedianOfItsOwnStreams() {
    PlayoutClock clock = new PlayoutClock(true);
    pull(clock, "a", new Object(), 478, 2, 0);
    pull(clock, "a", new Object(), 479, 2, 0);
    pull(clock, "a", new Object(), 481, 2, 0);
    pull(clock, "b", new Object(), 475, 2, 0);
    assertEquals(clock.samplesPerSecond("a"), 47_900.0, 0.5);
    assertEquals(clock.samplesPerSecond("b"), 47_500.0, 0.5);
  }

  public void aSenderWithoutStreamsFollowsAllOfThemThenTheLastKnown() throws InterruptedException {
    PlayoutClock clock = new PlayoutClock(true);
    Object s1 = new Object();
    Object s2 = new Object();
    pull(clock, "a", s1, 478, 2, 0);
    pull(clock, "b", s2, 480, 2, 0);
    assertEquals(clock.samplesPerSecond("c"), 47_900.0, 0.5);
    clock.stopped(s1);
    clock.stopped(s2);
    Thread.sleep(PlayoutClock.REFRESH_MS + 20);
    assertEquals(clock.samplesPerSecond("d"), 47_900.0, 0.5, "last rate known once no stream is left");
  }

  public void aStallRestartsTheMeasurementAndImplausibleRatesAreIgnored() {
    PlayoutClock clock = new PlayoutClock(true);
    Object stream = new Object();
    pull(clock, "a", stream, 478, 2, 0);
    // 200 ms without a pull, then a burst: the measurement restarts and needs a second again
    pull(clock, "a", stream, 480, 0.5, 2210 * MS);
    assertEquals(clock.samplesPerSecond("a"), 47_800.0, 0.5, "the rate from before the stall still counts");
    PlayoutClock bursty = new PlayoutClock(true);
    pull(bursty, "b", new Object(), 600, 2, 0);
    assertEquals(bursty.samplesPerSecond("b"), 48_000.0, "+25 % is no clock");
  }

  public void aPaceIsCachedForTheRefreshPeriod() throws InterruptedException {
    PlayoutClock clock = new PlayoutClock(true);
    Object stream = new Object();
    pull(clock, "a", stream, 478, 2, 0);
    assertEquals(clock.samplesPerSecond("a"), 47_800.0, 0.5);
    pull(clock, "a", stream, 490, 8, 2010 * MS);
    assertEquals(clock.samplesPerSecond("a"), 47_800.0, 0.5, "within the refresh period");
    Thread.sleep(PlayoutClock.REFRESH_MS + 20);
    assertEquals(clock.samplesPerSecond("a"), (478 * 200 + 490 * 801) / 10.01, 1.0, "after it");
  }

  public void nominalPacingIgnoresWhatItMeasures() {
    PlayoutClock clock = new PlayoutClock(false);
    pull(clock, "a", new Object(), 478, 2, 0);
    assertEquals(clock.samplesPerSecond("a"), 48_000.0);
  }
}
