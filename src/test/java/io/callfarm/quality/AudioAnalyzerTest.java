package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;
import org.testng.annotations.Test;

/** Ground truth for the per-frame metrics: SNR, level, loss, silence and mutes. */
public class AudioAnalyzerTest {

  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer();

  @Test
  public void snrAndLevelsMatchWhatWasInjected() {
    PcmAudio ref = TestAudio.voiced(4, 1);
    for (double snr : new double[] {0, 10, 20, 30}) {
      QualityReport r = ANALYZER.analyze(ref, TestAudio.withNoise(ref, snr, 2));
      assertEquals(r.snrDb(), snr, 0.3, "injected SNR " + snr);
    }
    QualityReport quiet = ANALYZER.analyze(ref, TestAudio.delayed(ref, 50).withGainDb(-20));
    assertEquals(quiet.gainDb(), -20, 0.05);
    assertEquals(quiet.snrDb(), NoiseMeter.MAX_SNR_DB, 0.0);
    assertEquals(quiet.segmentalSnrDb(), NoiseMeter.SEG_MAX_DB, 0.0);
    assertEquals(quiet.refLevelDbov(), Levels.dbov(ref), 1e-9);
    assertEquals(quiet.degLevelDbov(), Levels.dbov(ref) - 20, 0.1); // 50 ms of leading zeros: -0.05 dB
  }

  @Test
  public void segmentalSnrFollowsInjectedNoise() {
    // a steady tone has the same SNR in every 20 ms frame, so the segmental SNR equals the injected one
    PcmAudio ref = TestAudio.tone(16000, 440, 0.1, 4);
    for (double snr : new double[] {0, 10, 20, 30}) {
      Double seg = ANALYZER.analyze(ref, TestAudio.withNoise(ref, snr, 2)).segmentalSnrDb();
      assertEquals(seg, snr, 0.5, "injected SNR " + snr);
    }
    // beyond the clamp range
    assertEquals(ANALYZER.analyze(ref, TestAudio.withNoise(ref, 50, 2)).segmentalSnrDb(), NoiseMeter.SEG_MAX_DB, 0.0);
  }

  @Test
  public void lostShareOfZeroedFramesWithinOnePercent() {
    PcmAudio ref = TestAudio.voiced(8, 3);
    for (double share : new double[] {0.02, 0.05, 0.1, 0.2}) {
      for (double delayMs : new double[] {0, 37.3}) {
        int[] lost = new int[1];
        PcmAudio deg = TestAudio.delayed(TestAudio.frameLoss(ref, share, false, 17, lost), delayMs);
        double truth = lost[0] * 0.020 / ref.durationSeconds();
        double measured = ANALYZER.analyze(ref, deg).lostFrameShare();
        assertEquals(measured, truth, 0.01, "loss " + share + " at delay " + delayMs + " ms");
      }
    }
  }

  @Test
  public void lostShareOnRealSpeechAndNoFalseLossFromNoiseOrCodecs() {
    PcmAudio ref = TestAudio.speech();
    int[] lost = new int[1];
    double measured = ANALYZER.analyze(ref, TestAudio.frameLoss(ref, 0.1, false, 23, lost)).lostFrameShare();
    // speech pauses hide some losses, so the truth is the injected share give or take a little
    assertEquals(measured, lost[0] * 0.020 / ref.durationSeconds(), 0.02);
    assertTrue(ANALYZER.analyze(ref, TestAudio.withNoise(ref, 10, 3)).lostFrameShare() < 0.01);
    assertTrue(ANALYZER.analyze(ref, TestAudio.codec(ref, true, 6)).lostFrameShare() < 0.01);
    assertTrue(ANALYZER.analyze(ref, TestAudio.clipped(ref, 12)).lostFrameShare() < 0.01);
    assertEquals(ANALYZER.analyze(ref, ref).lostFrameShare(), 0.0, 0.0);
  }

  @Test
  public void concealedLossIsPartlyDetectedAndNeverOverCounted() {
    // Concealment that still resembles the original (a repeated period of a steady vowel) is invisible by
    // nature; what is counted must be real concealment, so the share lies between a fraction of the truth
    // and the truth.
    PcmAudio ref = TestAudio.speech();
    int[] lost = new int[1];
    double measured = ANALYZER.analyze(ref, TestAudio.frameLoss(ref, 0.1, true, 17, lost)).lostFrameShare();
    double truth = lost[0] * 0.020 / ref.durationSeconds();
    assertTrue(measured >= 0.15 * truth && measured <= truth + 0.01,
        "concealed share " + measured + " vs injected " + truth);
  }

  @Test
  public void mutedSpansWithinTwentyMilliseconds() {
    PcmAudio ref = TestAudio.speech();
    double delayMs = 120;
    PcmAudio deg = TestAudio.delayed(ref, delayMs);
    double[][] mutes = {{1500, 2300}, {4210, 4530}};
    float[] s = deg.samples().clone();
    for (double[] m : mutes) {
      int from = (int) ((m[0] + delayMs) * 16);
      int to = (int) ((m[1] + delayMs) * 16);
      java.util.Arrays.fill(s, from, to, 0f);
    }
    List<MutedSpan> spans = ANALYZER.analyze(ref, new PcmAudio(16000, s)).mutedSpans();
    assertEquals(spans.size(), 2, spans.toString());
    for (int i = 0; i < 2; i++) {
      // a mute that starts or ends inside a speech pause can only be seen from the degraded side: the span
      // is the silent stretch of the degraded signal, so both edges must match
      assertEquals(spans.get(i).startMs(), mutes[i][0], 20, spans.toString());
      assertEquals(spans.get(i).endMs(), mutes[i][1], 20, spans.toString());
    }
    assertTrue(ANALYZER.analyze(ref, TestAudio.delayed(ref, delayMs)).mutedSpans().isEmpty());
  }

  @Test
  public void silenceShareCountsSilentFrames() {
    PcmAudio ref = TestAudio.voiced(4, 9);
    float[] s = ref.samples().clone();
    java.util.Arrays.fill(s, 16000, 32000, 0f); // 1 s of 4 s
    QualityReport r = ANALYZER.analyze(ref, new PcmAudio(16000, s));
    assertEquals(r.silenceShare(), 0.25, 0.01);
    assertEquals(r.mutedSpans().size(), 1);
    assertEquals(r.mutedSpans().get(0).startMs(), 1000, 20);
    assertEquals(r.mutedSpans().get(0).endMs(), 2000, 20);
    assertEquals(ANALYZER.analyze(ref, ref).silenceShare(), 0.0, 0.0);
  }

  @Test
  public void rejectsPairsThatCannotBeCompared() {
    PcmAudio ref = TestAudio.voiced(4, 1);
    assertCode(() -> ANALYZER.analyze(ref.slice(0, 8000), ref.slice(0, 8000)), AnalysisException.Code.TOO_SHORT);
    assertCode(() -> ANALYZER.analyze(new PcmAudio(16000, new float[64000]), ref), AnalysisException.Code.EMPTY);
    // another talker saying other sentences does not belong to this reference
    PcmAudio speech = TestAudio.speech();
    PcmAudio other = TestAudio.otherSpeech();
    assertCode(() -> ANALYZER.analyze(speech, other), AnalysisException.Code.NO_ALIGNMENT);
    assertCode(() -> ANALYZER.analyze(other, speech), AnalysisException.Code.NO_ALIGNMENT);
  }

  private static void assertCode(Runnable r, AnalysisException.Code code) {
    AnalysisException e = expectThrows(AnalysisException.class, r::run);
    assertEquals(e.code(), code, e.getMessage());
  }
}
