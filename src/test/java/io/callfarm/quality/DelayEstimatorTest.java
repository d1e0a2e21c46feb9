package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

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

  @Test
  public void followsADelayChangeHalfwayThrough() {
    // a jitter buffer that grows by 40 ms at 4 s: 40 ms of silence inserted, the rest arrives later
    PcmAudio ref = TestAudio.speech();
    int cut = 4 * 16000;
    float[] deg = new float[ref.length() + 1600 + 640];
    System.arraycopy(ref.samples(), 0, deg, 1600, cut);
    System.arraycopy(ref.samples(), cut, deg, 1600 + cut + 640, ref.length() - cut);
    PcmAudio shifted = new PcmAudio(16000, deg);
    QualityReport r = ANALYZER.analyze(ref, shifted);
    assertEquals(r.delayMinMs(), 100, 2.0);
    assertEquals(r.delayMaxMs(), 140, 2.0);
    assertTrue(r.delayMs() == r.delayMinMs() || r.delayMs() == r.delayMaxMs(), r.toString());
    // only the gap and the block around it are judged badly, not everything after the change
    assertTrue(r.mosLqo() > 3.0, "MOS after a 40 ms delay step " + r.mosLqo());
    assertTrue(r.lostFrameShare() < 0.03, "lost share after a 40 ms delay step " + r.lostFrameShare());
    QualityReport constant = ANALYZER.analyze(ref, TestAudio.delayed(ref, 100));
    assertEquals(constant.delayMinMs(), constant.delayMaxMs(), 0.0);
  }
}
