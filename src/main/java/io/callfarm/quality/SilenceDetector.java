package io.callfarm.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds silence in the degraded signal and the muted spans among it. A 5 ms frame of the degraded signal is
 * silent below {@link #SILENT_DBOV}; a run of silent frames of at least {@link #MIN_MUTE_MS} is a muted span if
 * the reference, at the path's gain, was audible (above {@link #AUDIBLE_DBOV}) for at least
 * {@link #MIN_AUDIBLE_MS} inside it: silence over the talker's own pauses is not a mute.
 */
final class SilenceDetector {

  static final double SILENT_DBOV = -60.0;
  static final double AUDIBLE_DBOV = -50.0;
  static final double MIN_MUTE_MS = 60.0;
  static final double MIN_AUDIBLE_MS = 20.0;
  private static final double STEP_MS = 5.0;

  private SilenceDetector() {
  }

  /** Share (0..1) of 20 ms frames of the degraded overlap whose level is below {@link #SILENT_DBOV}. */
  static double silenceShare(AlignedPair p) {
    double[] levels = Levels.frameLevels(p.deg(), p.sampleRate() / 50);
    if (levels.length == 0) {
      return 0;
    }
    int n = 0;
    for (double l : levels) {
      if (l < SILENT_DBOV) {
        n++;
      }
    }
    return n / (double) levels.length;
  }

  /** Muted spans in reference time, in order; empty if none. Resolution 5 ms. */
  static List<MutedSpan> mutedSpans(AlignedPair p) {
    int step = (int) (p.sampleRate() * STEP_MS / 1000);
    double[] deg = Levels.frameLevels(p.deg(), step);
    double[] ref = Levels.frameLevels(p.ref(), step);
    double gainDb = 20 * Math.log10(Math.max(Math.abs(p.gain()), 1e-6));
    double offsetMs = p.refOffset() * 1000.0 / p.sampleRate();
    List<MutedSpan> spans = new ArrayList<>();
    int f = 0;
    while (f < deg.length) {
      if (deg[f] >= SILENT_DBOV) {
        f++;
        continue;
      }
      int start = f;
      int audible = 0;
      while (f < deg.length && deg[f] < SILENT_DBOV) {
        if (ref[f] + gainDb > AUDIBLE_DBOV) {
          audible++;
        }
        f++;
      }
      if ((f - start) * STEP_MS >= MIN_MUTE_MS && audible * STEP_MS >= MIN_AUDIBLE_MS) {
        spans.add(new MutedSpan(offsetMs + start * STEP_MS, offsetMs + f * STEP_MS));
      }
    }
    return spans;
  }
}
