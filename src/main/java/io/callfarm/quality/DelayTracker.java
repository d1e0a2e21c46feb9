package io.callfarm.quality;

/**
 * Follows delay changes during a call (a jitter buffer growing or shrinking, a stream restarting) so that a
 * shift of a few tens of milliseconds halfway through does not make every later frame look wrong. The
 * reference is cut into 0.5 s blocks; each active block is cross-correlated with the degraded signal within
 * ±{@link #SEARCH_MS} ms of the global delay, and its own delay is adopted only when it matches clearly better
 * than the delay in force (by {@link #MIN_GAIN} in normalised correlation) both in that block and in the next
 * one; otherwise the delay in force carries on, so noise, pauses and short dropouts never make the alignment
 * wander.
 */
final class DelayTracker {

  static final double BLOCK_SECONDS = 0.5;
  static final double SEARCH_MS = 120.0;
  static final double MIN_GAIN = 0.1;
  /** Blocks whose reference is below this level keep the delay in force, dBov. */
  private static final double ACTIVE_DBOV = -45.0;

  private DelayTracker() {
  }

  /**
   * Delay per block of the reference, in samples at the signals' rate; block b covers reference samples
   * [b·block, (b+1)·block).
   *
   * @param global the whole-signal alignment, the starting point and the centre of every search
   */
  static int[] blockDelays(PcmAudio ref, PcmAudio deg, Alignment global) {
    int block = (int) (ref.sampleRate() * BLOCK_SECONDS);
    int blocks = (ref.length() + block - 1) / block;
    int[] delays = new int[blocks];
    int current = global.delaySamples();
    double sign = global.correlation() < 0 ? -1 : 1;
    float[] r = ref.samples();
    float[] d = deg.samples();
    for (int b = 0; b < blocks; b++) {
      int from = b * block;
      int to = Math.min(r.length, from + block);
      int next = Math.min(r.length, to + block);
      double now = sign * similarity(r, d, from, to, current);
      // a block already matching within MIN_GAIN of perfect cannot be beaten by MIN_GAIN: skip the search
      if (b + 1 < blocks && now < 1 - MIN_GAIN) {
        int candidate = bestLag(ref, deg, global, from, to);
        if (candidate != Integer.MIN_VALUE && candidate != current
            && sign * similarity(r, d, from, to, candidate) > now + MIN_GAIN
            && sign * similarity(r, d, to, next, candidate) > sign * similarity(r, d, to, next, current) + MIN_GAIN) {
          current = candidate;
        }
      }
      delays[b] = current;
    }
    return delays;
  }

  /** The best-correlating delay for reference samples [from, to), or MIN_VALUE if the block is inactive. */
  private static int bestLag(PcmAudio ref, PcmAudio deg, Alignment global, int from, int to) {
    float[] r = ref.samples();
    float[] d = deg.samples();
    if (Levels.dbov(r, from, to) <= ACTIVE_DBOV) {
      return Integer.MIN_VALUE;
    }
    int radius = (int) (ref.sampleRate() * SEARCH_MS / 1000);
    int centre = global.delaySamples();
    int winFrom = Math.max(0, from + centre - radius);
    int winTo = Math.min(d.length, to + centre + radius);
    if (winTo - winFrom <= to - from) {
      return Integer.MIN_VALUE;
    }
    float[] refBlock = java.util.Arrays.copyOfRange(r, from, to);
    float[] degWin = java.util.Arrays.copyOfRange(d, winFrom, winTo);
    int maxShift = degWin.length - refBlock.length;
    double[] c = Fft.crossCorrelation(refBlock, degWin, maxShift);
    double sign = global.correlation() < 0 ? -1 : 1;
    int best = Integer.MIN_VALUE;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int k = 0; k <= maxShift; k++) {
      double v = sign * c[k + maxShift];
      if (v > bestValue) {
        bestValue = v;
        best = k + winFrom - from;
      }
    }
    return best;
  }

  /** Normalised correlation of ref[from..to) with deg shifted by {@code lag}; 0 where deg is missing. */
  private static double similarity(float[] r, float[] d, int from, int to, int lag) {
    double rr = 0;
    double dd = 0;
    double rd = 0;
    for (int i = from; i < to; i++) {
      int j = i + lag;
      double b = j >= 0 && j < d.length ? d[j] : 0;
      rr += r[i] * r[i];
      dd += b * b;
      rd += r[i] * b;
    }
    return rr > 0 && dd > 0 ? rd / Math.sqrt(rr * dd) : 0;
  }
}
