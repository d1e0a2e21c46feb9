package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import java.util.Arrays;
import org.testng.annotations.Test;

/**
 * The load run's warm-up noise does what {@link RoomNoise} promises: every 10 ms frame is heard (above the level
 * at which a receiver reports its first audio), at the stated level, and a recording that starts with it before
 * the tapped speech scores like one that starts with digital silence (the analyser takes it for lead-in).
 */
public class RoomNoiseTest {

  private static final int SECOND = MicSource.SAMPLE_RATE;

  @Test
  public void itsLevelIsMinus55DbovAndEveryFrameIsAboveTheSilentLevel() {
    short[] noise = noise(7, 100);
    double total = 0;
    for (int f = 0; f < 100; f++) {
      double frame = 0;
      for (int i = f * MicSource.FRAME_SAMPLES; i < (f + 1) * MicSource.FRAME_SAMPLES; i++) {
        frame += (double) noise[i] * noise[i];
      }
      total += frame;
      double frameDbov = Levels.dbovOfMeanSquare(frame / MicSource.FRAME_SAMPLES);
      assertTrue(frameDbov > Levels.SILENCE_DBOV, "frame " + f + " at " + frameDbov + " dBov");
    }
    assertEquals(Levels.dbovOfMeanSquare(total / noise.length), RoomNoise.LEVEL_DBOV, 0.3);
  }

  @Test
  public void theSameSeedGivesTheSameNoiseAndAnotherSeedOther() {
    assertTrue(Arrays.equals(noise(7, 10), noise(7, 10)));
    assertTrue(!Arrays.equals(noise(7, 10), noise(8, 10)));
  }

  @Test
  public void aRecordingThatStartsWithItScoresLikeOneThatStartsWithSilence() {
    // the clip as a virtual microphone sends it: at 48 kHz
    PcmAudio speech = Resampler.resample(Wav.read(SpeechClips.file("cmu_arctic_us_aew_a0001")), SECOND);
    short[] noise = noise(3, 200);
    float[] afterNoise = new float[noise.length + speech.length()];
    float[] afterSilence = new float[afterNoise.length];
    for (int i = 0; i < noise.length; i++) {
      afterNoise[i] = noise[i] / 32768f;
    }
    System.arraycopy(speech.samples(), 0, afterNoise, noise.length, speech.length());
    System.arraycopy(speech.samples(), 0, afterSilence, noise.length, speech.length());

    QualityReport withNoise = new AudioAnalyzer().analyze(speech, new PcmAudio(SECOND, afterNoise));
    QualityReport withSilence = new AudioAnalyzer().analyze(speech, new PcmAudio(SECOND, afterSilence));

    assertEquals(withNoise.leadInMs(), 2000, 5, "the noise is lead-in");
    assertEquals(withNoise.utterances(), withSilence.utterances(), "no utterance made of noise");
    assertEquals(withNoise.mosLqo(), withSilence.mosLqo(), 0.05);
    assertTrue(withNoise.mosLqo() > 4.3, "the speech itself is untouched: " + withNoise.mosLqo());
  }

  /** {@code frames} 10 ms frames of noise from {@code seed}. */
  private static short[] noise(long seed, int frames) {
    RoomNoise noise = new RoomNoise(seed);
    short[] all = new short[frames * MicSource.FRAME_SAMPLES];
    short[] frame = new short[MicSource.FRAME_SAMPLES];
    for (int f = 0; f < frames; f++) {
      noise.fill(frame);
      System.arraycopy(frame, 0, all, f * MicSource.FRAME_SAMPLES, frame.length);
    }
    return all;
  }
}
