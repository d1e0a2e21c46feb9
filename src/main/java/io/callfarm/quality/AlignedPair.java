package io.callfarm.quality;

/**
 * Reference and degraded put side by side so that sample i of each belongs to the same instant: each reference
 * sample is paired with the recording at the delay of its aligned segment ({@link TimeAlignment}: utterances,
 * split where the delay stepped), so a recording whose delay moved is still compared where it really is. The pair spans the reference samples whose
 * partner exists in the recording; lead-in and tail of the recording are not judged. Every per-sample metric
 * (SNR, silence, mutes, loss) works on this.
 *
 * @param ref        reference samples of the span
 * @param deg        degraded samples paired with them, same length
 * @param sampleRate samples per second of both
 * @param refOffset  index in the original reference of {@code ref[0]}, samples
 * @param gain       least-squares gain g minimising Σ(deg − g·ref)², the path's overall level change
 */
record AlignedPair(float[] ref, float[] deg, int sampleRate, int refOffset, double gain) {

  /** Pairs every reference sample with the recording at {@code alignment}'s per-frame delays. */
  static AlignedPair of(PcmAudio ref, PcmAudio deg, TimeAlignment alignment) {
    float[] src = deg.samples();
    int n = ref.length();
    int from = 0;
    while (from < n && from + alignment.segmentDelayAt(from) < 0) {
      from++;
    }
    int to = n;
    while (to > from && to - 1 + alignment.segmentDelayAt(to - 1) >= src.length) {
      to--;
    }
    if (to - from <= 0) {
      throw new AnalysisException(AnalysisException.Code.TOO_SHORT, "the recording does not overlap the "
          + "reference at a delay of " + alignment.delayMs() + " ms; check that it is a recording of this reference");
    }
    float[] r = java.util.Arrays.copyOfRange(ref.samples(), from, to);
    float[] d = new float[r.length];
    for (int i = from; i < to; i++) {
      int j = i + alignment.segmentDelayAt(i);
      d[i - from] = j >= 0 && j < src.length ? src[j] : 0f;
    }
    double rr = 0;
    double rd = 0;
    for (int i = 0; i < r.length; i++) {
      rr += r[i] * r[i];
      rd += r[i] * d[i];
    }
    return new AlignedPair(r, d, ref.sampleRate(), from, rr > 0 ? rd / rr : 0);
  }

  /** Number of samples in the span. */
  int length() {
    return ref.length;
  }
}
