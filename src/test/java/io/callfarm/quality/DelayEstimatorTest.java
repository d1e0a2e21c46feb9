package io.callfarm.quality;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

public class DelayEstimatorTest {

  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer();

  @Test
  public void recoversInjectedDelayWithinTwoMilliseconds() {
    PcmAudio ref = TestAudio.speech();
    for (double ms : new double[] {0, 7.3, 120, 333.3, 800, 950}) {
      PcmAudio deg = TestAudio.delayed(ref, ms);
      assertEquals(ANALYZER.analyze(ref, deg).delayMs(), ms, 2.0, "delay " + ms + " ms");
      PcmAudio quiet = deg.withGainDb(-20);
      assertEquals(ANALYZER.analyze(ref, quiet).delayMs(), ms, 2.0, "delay " + ms + " ms at -20 dB");
    }
  }

  @Test
  public void recoversDelayThroughNoiseCodecAndLoss() {
    PcmAudio ref = TestAudio.speech();
    PcmAudio deg = TestAudio.delayed(TestAudio.withNoise(TestAudio.codec(ref, true, 6), 10, 11), 800);
    deg = TestAudio.frameLoss(deg, 0.1, false, 5, new int[1]).withGainDb(-20);
    assertEquals(ANALYZER.analyze(ref, deg).delayMs(), 800, 2.0);
  }

  @Test
  public void recoversDelayAcrossSampleRates() {
    PcmAudio ref48 = Resampler.resample(TestAudio.speech(), 48000);
    PcmAudio deg = TestAudio.delayed(TestAudio.speech(), 250);
    QualityReport r = ANALYZER.analyze(ref48, deg);
    assertEquals(r.delayMs(), 250, 2.0);
    assertEquals(r.sampleRate(), 48000);
    assertEquals(r.degradedSampleRate(), 16000);
  }

  @Test
  public void reportsAnEarlyDegradedSignalAsNegativeDelay() {
    PcmAudio ref = TestAudio.speech();
    PcmAudio early = ref.slice(16000 * 3 / 10, ref.length()); // starts 300 ms into the reference
    assertEquals(ANALYZER.analyze(ref, early).delayMs(), -300, 2.0);
  }
}
