package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.util.Arrays;
import org.testng.annotations.Test;

/** Steps of the delay over speech frames: where they are, whether in speech, and what is not a step. */
public class DelayTrackTest {

  private static final int HOP = 256;
  private static final int RATE = 16000;

  @Test
  public void aPersistentChangeIsAStepAndAOneFrameWobbleIsNot() {
    int[] delays = new int[100];
    Arrays.fill(delays, 0, 50, 800); // 50 ms
    Arrays.fill(delays, 50, 100, 640); // 40 ms: a step at frame 50
    delays[20] = 1000; // one odd frame
    boolean[] speech = new boolean[100];
    Arrays.fill(speech, true);
    DelayTrack t = DelayTrack.of(delays, speech, HOP, RATE);
    assertEquals(t.playoutAdjustments(), 1, t.steps().toString());
    DelayTrack.DelayStep s = t.steps().get(0);
    assertEquals(s.fromMs(), 50.0, 1e-9);
    assertEquals(s.toMs(), 40.0, 1e-9);
    assertEquals(s.atMs(), 50 * 16.0, 16.0);
    assertTrue(s.inSpeech());
    assertEquals(t.minMs(), 40.0, 1e-9);
    assertEquals(t.maxMs(), 50.0, 1e-9);
  }

  @Test
  public void aChangeAcrossAPauseIsNotInSpeechAndSmallChangesAreNoSteps() {
    int[] delays = new int[100];
    Arrays.fill(delays, 0, 40, 800);
    Arrays.fill(delays, 40, 100, 1280); // +30 ms, after a pause
    boolean[] speech = new boolean[100];
    Arrays.fill(speech, 0, 30, true);
    Arrays.fill(speech, 50, 100, true); // 20 frames (320 ms) of pause in between
    DelayTrack t = DelayTrack.of(delays, speech, HOP, RATE);
    assertEquals(t.playoutAdjustments(), 1);
    assertFalse(t.steps().get(0).inSpeech());
    assertEquals(t.playoutAdjustmentsInSpeech(), 0);

    int[] jitter = new int[100];
    for (int f = 0; f < 100; f++) {
      jitter[f] = 800 + (f % 2) * 16; // ±1 ms: the same delay
    }
    assertEquals(DelayTrack.of(jitter, speech, HOP, RATE).playoutAdjustments(), 0);
  }
}
