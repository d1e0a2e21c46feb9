package io.callfarm.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * How the mouth-to-ear delay moved while the reference was speaking: its range and every step, i.e. every
 * playout adjustment of the receiver's jitter buffer (NetEq's accelerate, expand and preemptive expand move the
 * delay by a few to a few tens of milliseconds). Built from the per-frame delays of the speech frames: frames
 * whose delay stays within {@value #SAME_MS} ms form a run, runs shorter than {@value #MIN_RUN_FRAMES} frames
 * (48 ms) are merged into their neighbour, and a change of at least {@value #MIN_STEP_MS} ms between two runs
 * is a step. A step is "in speech" when no pause of {@value #PAUSE_MS} ms lies between the two runs.
 *
 * @param minMs  smallest delay over speech frames, ms
 * @param maxMs  largest delay over speech frames, ms
 * @param steps  the steps in time order; never null
 */
public record DelayTrack(double minMs, double maxMs, List<DelayStep> steps) {

  static final double SAME_MS = 1.0;
  static final int MIN_RUN_FRAMES = 3;
  static final double MIN_STEP_MS = 2.5;
  static final double PAUSE_MS = 100.0;

  /**
   * One playout adjustment.
   *
   * @param atMs     where it happened, reference time (ms from the reference's start)
   * @param fromMs   delay before, ms
   * @param toMs     delay after, ms
   * @param inSpeech whether it happened inside speech (a stretch a listener may hear) rather than in a pause
   */
  public record DelayStep(double atMs, double fromMs, double toMs, boolean inSpeech) {
  }

  public DelayTrack {
    steps = List.copyOf(steps);
  }

  /** Number of playout adjustments (all steps). */
  public int playoutAdjustments() {
    return steps.size();
  }

  /** Number of playout adjustments inside speech. */
  public int playoutAdjustmentsInSpeech() {
    return (int) steps.stream().filter(DelayStep::inSpeech).count();
  }

  /**
   * The track of frame delays (samples at {@code rate}; frame f starts at reference sample f·hop) restricted
   * to the frames flagged in {@code speech}.
   */
  static DelayTrack of(int[] frameDelays, boolean[] speech, int hop, int rate) {
    double perMs = rate / 1000.0;
    List<int[]> runs = new ArrayList<>(); // {firstFrame, lastFrame, delay}
    for (int f = 0; f < frameDelays.length; f++) {
      if (!speech[f]) {
        continue;
      }
      int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && Math.abs(frameDelays[f] - last[2]) <= SAME_MS * perMs) {
        last[1] = f;
      } else {
        runs.add(new int[] {f, f, frameDelays[f]});
      }
    }
    mergeShortRuns(runs, perMs);
    if (runs.isEmpty()) {
      return new DelayTrack(0, 0, List.of());
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int[] r : runs) {
      min = Math.min(min, r[2] / perMs);
      max = Math.max(max, r[2] / perMs);
    }
    List<DelayStep> steps = new ArrayList<>();
    int pauseFrames = (int) Math.ceil(PAUSE_MS * perMs / hop);
    for (int i = 1; i < runs.size(); i++) {
      int[] a = runs.get(i - 1);
      int[] b = runs.get(i);
      if (Math.abs(b[2] - a[2]) >= MIN_STEP_MS * perMs) {
        double at = (a[1] + b[0] + 2) * hop / 2.0 / perMs;
        steps.add(new DelayStep(at, a[2] / perMs, b[2] / perMs, b[0] - a[1] <= pauseFrames));
      }
    }
    return new DelayTrack(min, max, steps);
  }

  /** Merges runs shorter than {@value #MIN_RUN_FRAMES} frames into the longer neighbour, then joins equal runs. */
  private static void mergeShortRuns(List<int[]> runs, double perMs) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < runs.size() && runs.size() > 1; i++) {
        int[] r = runs.get(i);
        if (r[1] - r[0] + 1 >= MIN_RUN_FRAMES) {
          continue;
        }
        int[] before = i > 0 ? runs.get(i - 1) : null;
        int[] after = i + 1 < runs.size() ? runs.get(i + 1) : null;
        int[] into = before == null ? after
            : after == null ? before
            : (before[1] - before[0] >= after[1] - after[0] ? before : after);
        into[0] = Math.min(into[0], r[0]);
        into[1] = Math.max(into[1], r[1]);
        runs.remove(i);
        changed = true;
        break;
      }
      for (int i = 1; i < runs.size(); i++) {
        if (Math.abs(runs.get(i)[2] - runs.get(i - 1)[2]) <= SAME_MS * perMs) {
          runs.get(i - 1)[1] = runs.get(i)[1];
          runs.remove(i);
          changed = true;
          break;
        }
      }
    }
  }
}
