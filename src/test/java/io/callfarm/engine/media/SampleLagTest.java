package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/**
 * {@link SampleLag} on speech whose playout is known exactly: a fixed delay does not move; a playout that removes
 * 480 samples at once (a 10 ms compression) and later inserts 240 (a 5 ms stretch) ends 5 ms earlier.
 */
public class SampleLagTest {
  private static final int RATE = 48_000;

  @Test
  public void aFixedDelayDoesNotMove() throws Exception {
    float[] sent = speech(8);
    SampleLag lag = SampleLag.of(sent, played(sent, 5_000, -1, -1), 4_000);
    assertTrue(lag.readings().size() >= 10, "voiced windows read: " + lag.readings().size());
    lag.readings().forEach(r -> assertEquals(r.lag(), 5_000, "window at " + r.sentAt()));
    assertEquals(lag.shiftMs(RATE), 0.0, 1e-9);
  }

  @Test
  public void aCompressionAndAStretchMoveItByWhatTheyRemovedAndInserted() throws Exception {
    float[] sent = speech(8);
    SampleLag lag = SampleLag.of(sent, played(sent, 5_000, 2 * RATE, 6 * RATE), 6_000);
    assertEquals(lag.readings().get(0).lag(), 5_000, lag.readings().toString());
    assertEquals(lag.shiftMs(RATE), -5.0, 1e-9, lag.readings().toString());
  }

  /** 48 kHz speech of {@code seconds}, a shipped clip repeated. */
  private static float[] speech(int seconds) throws Exception {
    short[] clip = WavFiles.readMono48k(SpeechClips.file("cmu_arctic_us_aew_a0001"));
    float[] out = new float[seconds * RATE];
    for (int i = 0; i < out.length; i++) {
      out[i] = clip[i % clip.length] / 32768f;
    }
    return out;
  }

  /**
   * What a receiver plays: {@code delay} samples of silence, then {@code sent}, with 480 samples removed at
   * {@code compressAt} and 240 repeated at {@code stretchAt} (none when negative).
   */
  private static float[] played(float[] sent, int delay, int compressAt, int stretchAt) {
    float[] out = new float[delay + sent.length + RATE];
    int o = delay;
    for (int i = 0; i < sent.length; i++) {
      if (i == compressAt) {
        i += 480;
      }
      if (i == stretchAt) {
        System.arraycopy(sent, i - 240, out, o, 240);
        o += 240;
      }
      out[o++] = sent[i];
    }
    return out;
  }
}
