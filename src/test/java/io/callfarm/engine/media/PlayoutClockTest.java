package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.testng.annotations.Test;

/**
 * The pace microphones are sent at, from the pulls of simulated playout threads with known rates (pull instants
 * are given, not waited for). The clock caches each pace for {@value PlayoutClock#REFRESH_MS} ms of its own clock,
 * which here is the test's ({@link #now}), moved by hand.
 */
public class PlayoutClockTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  private final AtomicLong now = new AtomicLong();

  private PlayoutClock clock(boolean followPlayout) {
    return new PlayoutClock(followPlayout, now::get);
  }

  /** Lets the cached paces expire. */
  private void afterRefresh() {
    now.addAndGet((PlayoutClock.REFRESH_MS + 1) * MS);
  }

  /** Feeds {@code seconds} of 10 ms pulls of a playout thread that runs at {@code rate} samples per second. */
  private static long feed(PlayoutClock clock, String sender, Object stream, double rate, double seconds,
      long startNanos) {
    long t = startNanos;
    double period = 480 / rate * 1e9;
    for (int i = 0; i < seconds * 100; i++) {
      t = startNanos + Math.round(i * period);
      clock.pulled(sender, stream, 480, t);
    }
    return t;
  }

  /** {@code seconds} of 10 ms pulls of {@code samplesPerPull} samples each, starting at {@code start}. */
  private static void pull(PlayoutClock clock, String sender, Object stream, int samplesPerPull, double seconds,
      long start) {
    for (int i = 0; i <= seconds * 100; i++) {
      clock.pulled(sender, stream, samplesPerPull, start + i * 10 * MS);
    }
  }

  @Test
  public void eachSenderFollowsTheStreamsThatCarryItsAudio() {
    PlayoutClock clock = clock(true);
    assertEquals(clock.samplesPerSecond("alice"), 48_000.0, 0.0, "nominal before anything was measured");
    feed(clock, "alice", "bob-hears-alice", 47_856, 3, 0);
    feed(clock, "bob", "alice-hears-bob", 47_904, 3, 0);
    afterRefresh();
    assertEquals(clock.samplesPerSecond("alice"), 47_856, 1.0);
    assertEquals(clock.samplesPerSecond("bob"), 47_904, 1.0);
    // carol feeds nobody yet: the median of all streams
    assertEquals(clock.samplesPerSecond("carol"), (47_856 + 47_904) / 2.0, 1.0);
  }

  @Test
  public void nominalUntilAStreamHasPulledForASecond() {
    PlayoutClock clock = clock(true);
    pull(clock, "a", new Object(), 478, 0.5, 0);
    assertEquals(clock.samplesPerSecond("a"), 48_000.0);
    assertTrue(Double.isNaN(clock.measured("a")), "nothing measured yet");
  }

  @Test
  public void aSenderFollowsTheMedianOfItsOwnStreams() {
    PlayoutClock clock = clock(true);
    pull(clock, "a", new Object(), 478, 2, 0);
    pull(clock, "a", new Object(), 479, 2, 0);
    pull(clock, "a", new Object(), 481, 2, 0);
    pull(clock, "b", new Object(), 475, 2, 0);
    assertEquals(clock.samplesPerSecond("a"), 47_900.0, 0.5);
    assertEquals(clock.samplesPerSecond("b"), 47_500.0, 0.5);
    assertEquals(clock.measured("a"), 47_900.0, 0.5);
  }

  @Test
  public void aStallRestartsTheMeasurementAndImplausibleRatesAreIgnored() {
    PlayoutClock clock = clock(true);
    long t = feed(clock, "alice", "s", 47_880, 2, 0);
    // the thread stalls for half a second, then plays on: the stall is not a slower clock
    feed(clock, "alice", "s", 47_880, 2, t + 500 * MS);
    assertEquals(clock.samplesPerSecond("alice"), 47_880, 1.0);
    // a stream pulling 10 % too fast is a burst, not a clock
    PlayoutClock bursty = clock(true);
    feed(bursty, "alice", "s", 52_800, 3, 0);
    assertEquals(bursty.samplesPerSecond("alice"), 48_000.0, 0.0);
  }

  @Test
  public void aStoppedStreamNoLongerCountsButTheLastRateIsRemembered() {
    PlayoutClock clock = clock(true);
    feed(clock, "alice", "s", 47_850, 2, 0);
    assertEquals(clock.samplesPerSecond("bob"), 47_850, 1.0);
    clock.stopped("s");
    afterRefresh();
    assertEquals(clock.samplesPerSecond("alice"), 47_850, 1.0, "the machine's playout threads behave alike");
    assertTrue(Double.isNaN(clock.measured("alice")), "alice's own stream is gone");
  }

  @Test
  public void aPaceIsCachedForTheRefreshPeriod() {
    PlayoutClock clock = clock(true);
    Object stream = new Object();
    pull(clock, "a", stream, 478, 2, 0);
    assertEquals(clock.samplesPerSecond("a"), 47_800.0, 0.5);
    pull(clock, "a", stream, 490, 8, 2010 * MS);
    now.addAndGet((PlayoutClock.REFRESH_MS - 1) * MS);
    assertEquals(clock.samplesPerSecond("a"), 47_800.0, 0.5, "within the refresh period");
    now.addAndGet(2 * MS);
    assertEquals(clock.samplesPerSecond("a"), (478 * 200 + 490 * 801) / 10.01, 1.0, "after it");
  }

  @Test
  public void nominalPacingIgnoresWhatIsMeasured() {
    PlayoutClock clock = clock(false);
    feed(clock, "alice", "s", 47_850, 3, 0);
    assertEquals(clock.samplesPerSecond("alice"), 48_000.0, 0.0);
  }
}
