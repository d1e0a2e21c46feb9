package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

/** The pace microphones are sent at, from the pulls of simulated playout threads with known rates. */
public class PlayoutClockTest {

  private static final long MS = 1_000_000L;

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

  @Test
  public void eachSenderFollowsTheStreamsThatCarryItsAudio() {
    PlayoutClock clock = new PlayoutClock(true);
    assertEquals(clock.samplesPerSecond("alice"), 48_000.0, 0.0, "nominal before anything was measured");
    feed(clock, "alice", "bob-hears-alice", 47_856, 3, 0);
    feed(clock, "bob", "alice-hears-bob", 47_904, 3, 0);
    assertEquals(clock.samplesPerSecond("alice"), 47_856, 1.0);
    assertEquals(clock.samplesPerSecond("bob"), 47_904, 1.0);
    // carol feeds nobody yet: the median of all streams
    assertEquals(clock.samplesPerSecond("carol"), (47_856 + 47_904) / 2.0, 1.0);
  }

  @Test
  public void aStallRestartsTheMeasurementAndImplausibleRatesAreIgnored() {
    PlayoutClock clock = new PlayoutClock(true);
    long t = feed(clock, "alice", "s", 47_880, 2, 0);
    // the thread stalls for half a second, then plays on: the stall is not a slower clock
    feed(clock, "alice", "s", 47_880, 2, t + 500 * MS);
    assertEquals(clock.samplesPerSecond("alice"), 47_880, 1.0);
    // a stream pulling 10 % too fast is a burst, not a clock
    PlayoutClock bursty = new PlayoutClock(true);
    feed(bursty, "alice", "s", 52_800, 3, 0);
    assertEquals(bursty.samplesPerSecond("alice"), 48_000.0, 0.0);
  }

  @Test
  public void aStoppedStreamNoLongerCountsButTheLastRateIsRemembered() {
    PlayoutClock clock = new PlayoutClock(true);
    feed(clock, "alice", "s", 47_850, 2, 0);
    assertEquals(clock.samplesPerSecond("bob"), 47_850, 1.0);
    clock.stopped("s");
    assertEquals(clock.samplesPerSecond("alice"), 47_850, 1.0, "the machine's playout threads behave alike");
  }

  @Test
  public void nominalPacingIgnoresWhatIsMeasured() {
    PlayoutClock clock = new PlayoutClock(false);
    feed(clock, "alice", "s", 47_850, 3, 0);
    assertEquals(clock.samplesPerSecond("alice"), 48_000.0, 0.0);
  }
}
