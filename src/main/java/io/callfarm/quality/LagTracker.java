package io.callfarm.quality;

import java.util.List;

/**
 * Gives every 32 ms perceptual frame its own delay, so a recording that a jitter buffer time-stretched is
 * compared frame by frame where it really is (ViSQOL v3 aligns patches one by one for the same reason). A
 * frame starts from the delay of the aligned segment it lies in (in a pause between two segments: the nearer
 * one, so a jump in silence moves no speech frame); a speech frame then takes the best lag within
 * ±{@value #RADIUS_MS} ms of it if that matches clearly better ({@value #MIN_GAIN} in normalised correlation,
 * and at least {@value #MIN_CORRELATION}), and the track is median-filtered over {@value #MEDIAN_FRAMES} frames
 * (80 ms), so only a lag that persists moves the comparison: a lost packet or a concealed stretch (a hole of one
 * or two frames that a shifted window could partly escape) keeps the segment delay, and what it lacks is scored,
 * not aligned away.
 */
final class LagTracker {

  static final double RADIUS_MS = 6.0;
  static final double MIN_GAIN = 0.05;
  static final double MIN_CORRELATION = 0.5;
  static final int MEDIAN_FRAMES = 5;

  private LagTracker() {
  }

  /**
   * Delay (samples) of each perceptual frame {@code f}, which covers reference samples
   * {@code [f·hop, f·hop + frame)}.
   *
   * @param speech which frames of the reference are speech (only those are refined)
   */
  static int[] frameDelays(float[] ref, float[] deg, int rate, List<AlignedSegment> segments, int frame,
      int hop, boolean[] speech) {
    int frames = speech.length;
    int[] base = new int[frames];
    for (int f = 0; f < frames; f++) {
      base[f] = segmentDelay(segments, f * hop + frame / 2);
    }
    FrameCorrelator correlator = new FrameCorrelator(ref, deg, frame);
    int radius = (int) Math.round(rate * RADIUS_MS / 1000);
    int[] refined = base.clone();
    for (int f = 0; f < frames; f++) {
      int start = f * hop;
      if (!speech[f]) {
        continue;
      }
      FrameCorrelator.Match m = correlator.best(start, base[f], radius);
      if (m.lag() != base[f] && m.correlation() >= MIN_CORRELATION
          && m.correlation() >= correlator.at(start, base[f]) + MIN_GAIN) {
        refined[f] = m.lag();
      }
    }
    int[] out = base.clone();
    int half = MEDIAN_FRAMES / 2;
    int[] window = new int[MEDIAN_FRAMES];
    for (int f = half; f + half < frames; f++) {
      boolean allSpeech = true;
      for (int k = -half; k <= half; k++) {
        allSpeech &= speech[f + k];
        window[k + half] = refined[f + k];
      }
      if (allSpeech) {
        java.util.Arrays.sort(window);
        out[f] = window[half];
      }
    }
    return out;
  }

  /** Delay at reference sample {@code at}: its segment's, or in a pause the nearer segment's. */
  static int segmentDelay(List<AlignedSegment> segments, int at) {
    AlignedSegment before = null;
    for (AlignedSegment s : segments) {
      if (at < s.refFrom()) {
        if (before == null || s.refFrom() - at < at - before.refTo()) {
          return s.delay();
        }
        return before.delay();
      }
      if (at < s.refTo()) {
        return s.delay();
      }
      before = s;
    }
    return before == null ? 0 : before.delay();
  }

}
