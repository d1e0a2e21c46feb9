package io.callfarm.quality;

import java.util.Arrays;

/**
 * Reference and degraded cut to the span where both exist once the delay is removed, so that sample i of each
 * array belongs to the same instant. Every per-frame metric works on this; spans before or after the overlap
 * (recording start/stop) are not judged.
 *
 * @param ref        reference samples of the overlap
 * @param deg        degraded samples of the overlap, same length
 * @param sampleRate samples per second of both
 * @param refOffset  index in the original reference of {@code ref[0]}, samples
 * @param gain       least-squares gain g minimising Σ(deg − g·ref)², the path's overall level change
 */
record AlignedPair(float[] ref, float[] deg, int sampleRate, int refOffset, double gain) {

  /** Cuts both signals to their overlap at {@code alignment}. */
  static AlignedPair of(PcmAudio ref, PcmAudio deg, Alignment alignment) {
    int lag = alignment.delaySamples();
    int from = Math.max(0, -lag);
    int to = Math.min(ref.length(), deg.length() - lag);
    if (to - from <= 0) {
      throw new AnalysisException(AnalysisException.Code.TOO_SHORT,
          "reference and degraded do not overlap at a delay of " + alignment.delayMs() + " ms");
    }
    float[] r = Arrays.copyOfRange(ref.samples(), from, to);
    float[] d = Arrays.copyOfRange(deg.samples(), from + lag, to + lag);
    double rr = 0;
    double rd = 0;
    for (int i = 0; i < r.length; i++) {
      rr += r[i] * r[i];
      rd += r[i] * d[i];
    }
    return new AlignedPair(r, d, ref.sampleRate(), from, rr > 0 ? rd / rr : 0);
  }

  /** Number of samples in the overlap. */
  int length() {
    return ref.length;
  }
}
