package io.callfarm.engine.media;

import java.util.ArrayList;
import java.util.List;

/**
 * How far, in samples, the audio a receiver played lags behind the audio its sender sent, window by window of
 * speech: a window of the sent samples is found in the played ones by normalised cross-correlation, the first
 * near where the clocks put it, then each near the last. Every sample sent is played once and in order unless the receiver's jitter buffer
 * inserts or removes some (NetEq stretching, compressing, concealing, discarding), so the lag moves exactly by
 * what the playout inserted minus what it removed: the ground truth for the analyser's delay steps. Exact to a
 * sample.
 */
final class SampleLag {
  private static final int WINDOW = 9_600;
  private static final int STEP = 24_000;
  private static final int SEARCH = 2_400;
  /** How far from the expected lag the first window is looked for: 0.5 s at 48 kHz. */
  private static final int FIRST_RADIUS = 24_000;
  private static final double MIN_CORRELATION = 0.8;
  private static final double MIN_RMS = 0.01;

  /** The lag of the window of sent samples starting at {@code sentAt}, in samples. */
  record Reading(int sentAt, int lag, double correlation) {}

  private final List<Reading> readings;

  private SampleLag(List<Reading> readings) {
    this.readings = readings;
  }

  /**
   * Reads the lag of every voiced window of {@code sent} (one every 0.5 s at 48 kHz) in {@code played}, the first
   * within {@value #FIRST_RADIUS} samples of {@code expectedLag} (what the two files' clocks say, give or take the
   * mouth-to-ear delay: a looped source also matches a loop later, and NetEq's start-up stretching can make the
   * true first pass the weaker match).
   */
  static SampleLag of(float[] sent, float[] played, int expectedLag) {
    List<Reading> readings = new ArrayList<>();
    for (int at = 0; at + WINDOW <= sent.length; at += STEP) {
      if (rms(sent, at) < MIN_RMS) {
        continue;
      }
      Reading r = readings.isEmpty() ? best(sent, played, at, expectedLag - FIRST_RADIUS, expectedLag + FIRST_RADIUS)
          : best(sent, played, at, readings.get(readings.size() - 1).lag() - SEARCH,
              readings.get(readings.size() - 1).lag() + SEARCH);
      if (r != null && r.correlation() >= MIN_CORRELATION) {
        readings.add(r);
      }
    }
    return new SampleLag(readings);
  }

  /** The readings of windows whose middle lies {@code fromMs} or later into the sent samples. */
  SampleLag since(double fromMs, int sampleRate) {
    return new SampleLag(readings.stream().filter(r -> middleMs(r, sampleRate) >= fromMs).toList());
  }

  List<Reading> readings() {
    return readings;
  }

  /** The middle of the first window read, ms from the start of the sent samples at {@code sampleRate}. */
  double firstMs(int sampleRate) {
    return middleMs(readings.get(0), sampleRate);
  }

  /** The middle of the last window read, ms from the start of the sent samples at {@code sampleRate}. */
  double lastMs(int sampleRate) {
    return middleMs(readings.get(readings.size() - 1), sampleRate);
  }

  private static double middleMs(Reading r, int sampleRate) {
    return (r.sentAt() + WINDOW / 2.0) * 1000 / sampleRate;
  }

  /** How much the lag grew from the first reading to the last, in ms at {@code sampleRate}; NaN with fewer than two. */
  double shiftMs(int sampleRate) {
    if (readings.size() < 2) {
      return Double.NaN;
    }
    return (readings.get(readings.size() - 1).lag() - readings.get(0).lag()) * 1000.0 / sampleRate;
  }

  private static Reading best(float[] sent, float[] played, int at, int fromLag, int toLag) {
    Reading best = null;
    for (int lag = fromLag; lag <= toLag; lag++) {
      int start = at + lag;
      if (start < 0 || start + WINDOW > played.length) {
        continue;
      }
      double c = correlation(sent, at, played, start, WINDOW);
      if (best == null || c > best.correlation()) {
        best = new Reading(at, lag, c);
      }
    }
    return best;
  }

  private static double correlation(float[] a, int aAt, float[] b, int bAt, int n) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < n; i++) {
      double x = a[aAt + i];
      double y = b[bAt + i];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
  }

  private static double rms(float[] x, int from) {
    double sum = 0;
    for (int i = from; i < from + WINDOW; i++) {
      sum += x[i] * x[i];
    }
    return Math.sqrt(sum / WINDOW);
  }
}
