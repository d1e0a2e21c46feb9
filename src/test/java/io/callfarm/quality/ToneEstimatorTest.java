package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class ToneEstimatorTest {

  @Test
  public void recoversToneFrequencyWellWithinOneHertz() {
    double[][] cases = {{16000, 1000}, {48000, 1000}, {44100, 997.3}, {8000, 440.7}, {16000, 3150.25},
        {48000, 123.4}};
    for (double[] c : cases) {
      PcmAudio tone = TestAudio.tone((int) c[0], c[1], 0.3, 1.0);
      assertEquals(ToneEstimator.dominantFrequencyHz(tone), c[1], 0.1, "clean tone " + c[1] + " Hz at " + c[0]);
      PcmAudio noisy = TestAudio.withNoise(tone, 10, 7);
      assertEquals(ToneEstimator.dominantFrequencyHz(noisy), c[1], 1.0, "tone at 10 dB SNR " + c[1] + " Hz");
    }
  }

  @Test
  public void toneSurvivesResamplingToTheAnalysisRate() {
    PcmAudio tone = TestAudio.tone(48000, 1000, 0.5, 1.0);
    PcmAudio at16k = Resampler.resample(tone, 16000);
    assertEquals(at16k.sampleRate(), 16000);
    assertEquals(at16k.length(), 16000);
    assertEquals(ToneEstimator.dominantFrequencyHz(at16k), 1000, 0.1);
    assertEquals(ToneEstimator.levelDbov(at16k.slice(1000, 15000)), ToneEstimator.levelDbov(tone), 0.05);
  }

  @Test
  public void resamplingDoesNotAliasTonesAboveTheNewNyquist() {
    PcmAudio high = TestAudio.tone(48000, 7000, 0.5, 1.0);
    PcmAudio at8k = Resampler.resample(high, 8000);
    double attenuation = ToneEstimator.levelDbov(high) - ToneEstimator.levelDbov(at8k.slice(400, 7600));
    assertTrue(attenuation >= 60, "7 kHz must not fold back into 0-4 kHz: " + attenuation + " dB");
  }

  @Test
  public void levelIsRelativeToFullScale() {
    assertEquals(ToneEstimator.levelDbov(TestAudio.tone(16000, 1000, 1.0, 1.0)), -3.01, 0.01);
    assertEquals(ToneEstimator.levelDbov(TestAudio.tone(16000, 1000, 0.1, 1.0)), -23.01, 0.01);
  }
}
