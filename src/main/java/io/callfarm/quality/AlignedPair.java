package io.callfarm.quality;

import java.util.Arrays;

/**
 * Reference and degraded cut to the span where both exist once the delay is removed, so that sample i of each
 * array belongs to the same instant. The delay may change during the signal (see {@link DelayTracker}); each
 * 0.5 s block of the reference is paired with the degraded signal at that block's own delay, and degraded
 * samples that do not exist at that delay are zeros. Every per-frame metric works on this; spans before or
 * after the overlap at the global delay (recording start/stop) are not judged.
 *
 * @param ref             reference samples of the overlap
 * @param deg             degraded samples paired with them, same length
 * @param sampleRate      samples per second of both
 * @param refOffset       index in the original reference of {@code ref[0]}, samples
 * @param gain            least-squares gain g minimising Σ(deg − g·ref)², the path's overall level change
 * @param minDelaySamples smallest block delay used, samples
 * @param maxDelaySamples largest block delay used, samples
 */
record AlignedPair(float[] ref, float[] deg, int sampleRate, int refOffset, double gain, int minDelaySamples,
    int maxDelaySamples) {

  /** Cuts both signals to their overlap at {@code alignment}, following delay changes block by block. */
  static AlignedPair of(PcmAudio ref, PcmAudio deg, Alignment alignment) {
    int lag = alignment.delaySamples();
    int from = Math.max(0, -lag);
    int to = Math.min(ref.length(), deg.length() - lag);
    if (to - from <= 0) {
      throw new AnalysisException(AnalysisException.Code.TOO_SHORT,
          "reference and degraded do not overlap at a delay of " + alignment.delayMs()
              + " ms; check that the degraded file is a recording of this reference");
    }
    int[] delays = DelayTracker.blockDelays(ref, deg, alignment);
    int block = (int) (ref.sampleRate() * DelayTracker.BLOCK_SECONDS);
    float[] r = Arrays.copyOfRange(ref.samples(), from, to);
    float[] d = new float[r.length];
    float[] src = deg.samples();
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = from; i < to; i++) {
      int delay = delays[i / block];
      int j = i + delay;
      d[i - from] = j >= 0 && j < src.length ? src[j] : 0f;
    }
    for (int b = from / block; b <= (to - 1) / block; b++) {
      min = Math.min(min, delays[b]);
      max = Math.max(max, delays[b]);
    }
    double rr = 0;
    double rd = 0;
    for (int i = 0; i < r.length; i++) {
      rr += r[i] * r[i];
      rd += r[i] * d[i];
    }
    return new AlignedPair(r, d, ref.sampleRate(), from, rr > 0 ? rd / rr : 0, min, max);
  }

  /** Number of samples in the overlap. */
  int length() {
    return ref.length;
  }
}
