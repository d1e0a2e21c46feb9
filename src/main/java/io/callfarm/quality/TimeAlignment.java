package io.callfarm.quality;

import io.callfarm.quality.AnalysisException.Code;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every part of the reference lies in the recording: the aligned segments (utterances, split where the
 * delay changes), a delay per 32 ms perceptual frame ({@link LagTracker}), and how much of the recording lies
 * before and after the reference (lead-in and tail, not judged). Built by {@link #of}; immutable.
 *
 * @param sampleRate   analysis rate, samples per second
 * @param frame        perceptual frame length, samples
 * @param hop          perceptual frame hop, samples; frame f covers reference samples [f·hop, f·hop + frame)
 * @param frameDelays  delay of each perceptual frame, samples (degraded sample i + delay carries reference i)
 * @param segmentDelays delay of each perceptual frame from its aligned segment alone (before per-frame tracking):
 *                     what the sample-by-sample metrics (loss, silence, mutes, SNR) pair samples by
 * @param speechFrames which perceptual frames of the reference carry speech (above its activity threshold)
 * @param segments     the aligned segments, in order; one covering the whole reference when nothing arrived
 * @param delay        the delay that carries most of the speech (median over speech, weighted by duration)
 * @param confidence   share (0..1) of the reference's speech frames, where the recording has sound, whose waveform
 *                     matches at their own delay (normalised correlation ≥ {@value #MATCH_CORRELATION}); 0 when
 *                     the recording is silent
 * @param leadIn       recording samples before the reference's first sample, ≥ 0
 * @param tail         recording samples after the reference's last sample, ≥ 0
 * @param degradedSilent true when the recording has no speech at all: nothing to align, every frame is judged
 *                     at delay 0 (the time base both signals share)
 */
record TimeAlignment(int sampleRate, int frame, int hop, int[] frameDelays, int[] segmentDelays,
    boolean[] speechFrames,
    List<AlignedSegment> segments,
    int delay, double confidence, int leadIn, int tail, boolean degradedSilent) {

  /** Perceptual frame length at 16 kHz (32 ms, P.862). */
  static final int FRAME = 512;
  static final int HOP = FRAME / 2;
  /**
   * Below this share of matching frames the recording does not carry the reference: measured 2026-12-01, real
   * calls 0.86-0.99 (20 % loss included), ViSQOL's mangled "alignment" pair 0.54, other talkers saying other
   * sentences 0.11-0.19.
   */
  static final double MIN_MATCHED_SHARE = 0.35;
  /** A frame matches when its waveform correlates at least this well at its own delay. */
  static final double MATCH_CORRELATION = 0.5;

  /**
   * Aligns {@code deg} to {@code ref} (both at {@code rate}).
   *
   * @throws AnalysisException {@code empty} if the reference has no speech, {@code no_alignment} if the
   *                           recording has speech but none of it matches the reference
   */
  static TimeAlignment of(float[] ref, float[] deg, int rate) {
    SpeechActivity refActivity = SpeechActivity.of(ref, rate);
    if (!refActivity.hasSpeech()) {
      throw new AnalysisException(Code.EMPTY, "the reference has no speech or tone above its noise floor; "
          + "use the signal that was sent");
    }
    int frames = Math.max(0, (ref.length - FRAME) / HOP + 1);
    SpeechActivity degActivity = SpeechActivity.of(deg, rate);
    boolean[] speech = speechFrames(ref, frames, refActivity);
    if (!degActivity.hasSpeech()) {
      List<AlignedSegment> whole = List.of(new AlignedSegment(0, ref.length, 0, 0));
      return new TimeAlignment(rate, FRAME, HOP, new int[frames], new int[frames], speech, whole, 0, 0, 0,
          Math.max(0, deg.length - ref.length), true);
    }
    UtteranceAligner aligner = new UtteranceAligner(ref, deg, rate, refActivity, degActivity);
    List<AlignedSegment> segments = aligner.segments(aligner.crude());
    int[] delays = LagTracker.frameDelays(ref, deg, rate, segments, FRAME, HOP, speech);
    double matched = matchedShare(ref, deg, delays, speech, degActivity);
    if (matched < MIN_MATCHED_SHARE) {
      throw new AnalysisException(Code.NO_ALIGNMENT, String.format(java.util.Locale.ROOT,
          "the recording does not carry the reference: only %.0f %% of the speech frames where it has sound "
              + "match the reference (a recording of it matches at least %.0f %%); check that the files belong "
              + "together", 100 * matched, 100 * MIN_MATCHED_SHARE));
    }
    int first = segments.get(0).delay();
    int last = segments.get(segments.size() - 1).delay();
    int[] bySegment = new int[frames];
    for (int f = 0; f < frames; f++) {
      bySegment[f] = LagTracker.segmentDelay(segments, f * HOP + FRAME / 2);
    }
    return new TimeAlignment(rate, FRAME, HOP, delays, bySegment, speech, List.copyOf(segments),
        medianDelay(segments), matched,
        Math.max(0, first), Math.max(0, deg.length - (ref.length + last)), false);
  }

  /**
   * Share of the reference's speech frames under which the recording has sound (above its own activity
   * threshold) whose waveform matches at the frame's delay; frames where the recording is silent were lost,
   * which says nothing about whether the files belong together. 1 when no such frame exists.
   */
  private static double matchedShare(float[] ref, float[] deg, int[] delays, boolean[] speech,
      SpeechActivity degActivity) {
    FrameCorrelator pair = new FrameCorrelator(ref, deg, FRAME);
    FrameCorrelator recording = new FrameCorrelator(deg, new float[0], FRAME);
    double floor = FRAME * 0.375 * Math.pow(10, degActivity.thresholdDb() / 10);
    int active = 0;
    int matched = 0;
    for (int f = 0; f < delays.length; f++) {
      if (!speech[f] || recording.refEnergy(f * HOP + delays[f]) <= floor) {
        continue;
      }
      active++;
      if (pair.at(f * HOP, delays[f]) >= MATCH_CORRELATION) {
        matched++;
      }
    }
    return active == 0 ? 1 : matched / (double) active;
  }

  /** Frames whose windowed reference energy lies above the reference's activity threshold. */
  private static boolean[] speechFrames(float[] ref, int frames, SpeechActivity activity) {
    double floor = FRAME * 0.375 * Math.pow(10, activity.thresholdDb() / 10);
    FrameCorrelator correlator = new FrameCorrelator(ref, new float[0], FRAME);
    boolean[] speech = new boolean[frames];
    for (int f = 0; f < frames; f++) {
      speech[f] = correlator.refEnergy(f * HOP) > floor;
    }
    return speech;
  }

  /** Segment delay (samples) at reference sample {@code i}: that of the frame whose hop contains it. */
  int segmentDelayAt(int i) {
    if (segmentDelays.length == 0) {
      return delay;
    }
    int f = Math.max(0, Math.min(segmentDelays.length - 1, (i - HOP / 2) / HOP));
    return segmentDelays[f];
  }

  /** The same alignment with other per-frame delays (after the perceptual model re-aligned bad intervals). */
  TimeAlignment withFrameDelays(int[] delays) {
    return new TimeAlignment(sampleRate, frame, hop, delays.clone(), segmentDelays, speechFrames, segments, delay,
        confidence,
        leadIn, tail, degradedSilent);
  }

  /** The delay in milliseconds. */
  double delayMs() {
    return delay * 1000.0 / sampleRate;
  }

  private static int medianDelay(List<AlignedSegment> segments) {
    List<AlignedSegment> byDelay = new ArrayList<>(segments);
    byDelay.sort(java.util.Comparator.comparingInt(AlignedSegment::delay));
    long total = 0;
    for (AlignedSegment s : byDelay) {
      total += s.refTo() - s.refFrom();
    }
    long seen = 0;
    for (AlignedSegment s : byDelay) {
      seen += s.refTo() - s.refFrom();
      if (2 * seen >= total) {
        return s.delay();
      }
    }
    return byDelay.get(0).delay();
  }
}
