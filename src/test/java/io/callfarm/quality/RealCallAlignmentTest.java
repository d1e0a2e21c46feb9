package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.Arrays;
import org.testng.annotations.Test;

/**
 * Time alignment against injected ground truth, the way real calls differ from offline files: recordings that
 * start earlier and run later than the reference (and loop it), a jitter buffer that cuts or inserts a few
 * milliseconds inside speech (the delay steps), a delay that jumps during a pause, a clock that drifts. Each
 * injected step must be found where it was made, jumps in silence must cost nothing, and stretches in speech must
 * cost a little, not a lot.
 */
public class RealCallAlignmentTest {

  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer();
  private static final int RATE = TestAudio.RATE;
  private static final PcmAudio SPEECH = TestAudio.speech();
  private static final double IDENTITY = ANALYZER.analyze(SPEECH, SPEECH).mosLqo();

  @Test
  public void trimsLeadInAndTailAndScoresTheRest() {
    // 1.5 s before the speech (silence), 80 ms mouth-to-ear, 3 s of another talker after it
    PcmAudio deg = concat(silence(1.5), TestAudio.delayed(SPEECH, 80), TestAudio.otherSpeech().slice(0, 3 * RATE));
    QualityReport r = ANALYZER.analyze(SPEECH, deg);
    assertEquals(r.delayMs(), 1580, 1.0);
    assertEquals(r.leadInMs(), 1580, 1.0);
    assertEquals(r.tailMs(), 3000, 1.0);
    assertTrue(r.mosLqo() >= IDENTITY - 0.05, "trimmed pair " + r.mosLqo() + " vs identity " + IDENTITY);
    assertEquals(r.playoutAdjustments(), 0, r.delaySteps().toString());
  }

  @Test
  public void aRecordingOfTheLoopedReferenceAlignsToItsFirstPass() {
    PcmAudio deg = concat(TestAudio.delayed(SPEECH, 45), SPEECH, SPEECH.slice(0, RATE));
    QualityReport r = ANALYZER.analyze(SPEECH, deg);
    assertEquals(r.delayMs(), 45, 1.0);
    assertEquals(r.tailMs(), (SPEECH.length() + RATE) * 1000.0 / RATE, 1.0);
    assertTrue(r.mosLqo() >= IDENTITY - 0.05, "looped recording " + r.mosLqo());
  }

  @Test
  public void findsEveryStepOfTheDelayInsideSpeechAndChargesLittleForIt() {
    // at 1.2 s 10 ms of speech are dropped (accelerate), at 6.4 s 15 ms are played twice (expand)
    PcmAudio deg = TestAudio.delayed(SPEECH, 60);
    deg = cut(deg, at(60 + 1200), 10);
    deg = repeat(deg, at(60 - 10 + 6400), 15);
    QualityReport r = ANALYZER.analyze(SPEECH, deg);
    assertEquals(r.playoutAdjustmentsInSpeech(), 2, r.delaySteps().toString());
    DelayTrack.DelayStep first = r.delaySteps().get(0);
    DelayTrack.DelayStep second = r.delaySteps().get(1);
    assertEquals(first.atMs(), 1200, 80, r.delaySteps().toString());
    assertEquals(first.fromMs() - first.toMs(), 10, 0.5, r.delaySteps().toString());
    assertEquals(second.atMs(), 6400, 80, r.delaySteps().toString());
    assertEquals(second.toMs() - second.fromMs(), 15, 0.5, r.delaySteps().toString());
    assertEquals(r.delayMinMs(), 50, 0.5);
    assertEquals(r.delayMaxMs(), 65, 0.5);
    // a listener hears two tiny glitches: a little below identity, far above what the old fixed delay gave
    assertTrue(r.mosLqo() < IDENTITY - 0.01 && r.mosLqo() >= 4.0, "two stretches: " + r.mosLqo());
  }

  @Test
  public void aJumpOfTheDelayDuringAPauseCostsNothing() {
    // two sentences with 0.8 s between them; the recording shortens the pause by 30 ms
    PcmAudio a = speech("cmu_arctic_us_aew_a0001");
    PcmAudio b = speech("cmu_arctic_us_aew_a0002");
    PcmAudio ref = concat(a, silence(0.8), b);
    PcmAudio deg = concat(silence(0.07), a, silence(0.77), b, silence(0.5));
    QualityReport r = ANALYZER.analyze(ref, deg);
    double identity = ANALYZER.analyze(ref, ref).mosLqo();
    assertTrue(r.mosLqo() >= identity - 0.02, "jump in silence " + r.mosLqo() + " vs identity " + identity);
    assertEquals(r.playoutAdjustmentsInSpeech(), 0, r.delaySteps().toString());
    assertEquals(r.playoutAdjustments(), 1, r.delaySteps().toString());
    assertEquals(r.delayMinMs(), 40, 0.5);
    assertEquals(r.delayMaxMs(), 70, 0.5);
  }

  @Test
  public void followsADriftingClockFrameByFrame() {
    // the recording's clock runs 0.3 % fast: the delay shrinks by 3 ms per second of speech
    PcmAudio slow = Resampler.resample(new PcmAudio(16048, SPEECH.samples()), RATE);
    QualityReport r = ANALYZER.analyze(SPEECH, TestAudio.delayed(slow, 30));
    double span = SPEECH.durationSeconds() * 3;
    assertEquals(r.delayMaxMs() - r.delayMinMs(), span, 6, "delay range over " + span + " ms of drift");
    assertTrue(r.mosLqo() >= 4.0, "drifting recording " + r.mosLqo());
    // compared at one fixed delay the same recording would score far lower: the tracking is what keeps it
    assertTrue(r.lostFrameShare() < 0.02, "drift is not loss: " + r.lostFrameShare());
  }

  @Test
  public void aSilentRecordingIsScoredAsEverythingLostNotRefused() {
    QualityReport r = ANALYZER.analyze(SPEECH, silence(SPEECH.durationSeconds() + 1));
    assertTrue(r.mosLqo() < 1.3, "silence " + r.mosLqo());
    assertTrue(r.lostFrameShare() > 0.95, "lost " + r.lostFrameShare());
    assertEquals(r.alignmentConfidence(), 0.0, 0.0);
  }

  private static PcmAudio speech(String clip) {
    return Wav.read(io.callfarm.engine.media.SpeechClips.file(clip));
  }

  private static int at(double ms) {
    return (int) Math.round(ms * RATE / 1000);
  }

  private static PcmAudio silence(double seconds) {
    return new PcmAudio(RATE, new float[(int) Math.round(seconds * RATE)]);
  }

  private static PcmAudio concat(PcmAudio... parts) {
    PcmAudio out = parts[0];
    for (int i = 1; i < parts.length; i++) {
      out = TestAudio.concat(out, parts[i]);
    }
    return out;
  }

  /** {@code a} without the {@code ms} starting at sample {@code from}, as an accelerating jitter buffer plays it. */
  private static PcmAudio cut(PcmAudio a, int from, double ms) {
    int n = at(ms);
    float[] s = a.samples();
    float[] out = new float[s.length - n];
    System.arraycopy(s, 0, out, 0, from);
    System.arraycopy(s, from + n, out, from, s.length - from - n);
    return new PcmAudio(RATE, out);
  }

  /** {@code a} with the {@code ms} before sample {@code at} played twice, as an expanding jitter buffer does. */
  private static PcmAudio repeat(PcmAudio a, int at, double ms) {
    int n = at(ms);
    float[] s = a.samples();
    float[] out = Arrays.copyOf(s, s.length + n);
    System.arraycopy(s, at - n, out, at, n);
    System.arraycopy(s, at, out, at + n, s.length - at);
    return new PcmAudio(RATE, out);
  }
}
