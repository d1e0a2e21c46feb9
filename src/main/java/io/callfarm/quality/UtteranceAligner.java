package io.callfarm.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Time alignment for real calls, written from the published description of P.862 §10 (not its code): a crude
 * delay from the cross-correlation of the two log-energy envelopes (4 ms blocks) over every lag where the
 * reference fits the recording, so lead-in, tail and extra material around the reference do not matter; per
 * utterance a crude delay searched ±{@value #UTTERANCE_SEARCH_MS} ms around it and a fine delay from the
 * histogram of the best lags of 64 ms Hann frames (75 % overlap, each weighted by its correlation to the power
 * 1/8, the histogram smoothed by a ±4 ms triangle); then each utterance is split, recursively, where its two
 * parts agree better on two delays at least {@value #MIN_SPLIT_STEP_MS} ms apart than the whole does on one —
 * that is where a jitter buffer stretched or squeezed the speech. The frame correlations run on 8 kHz copies
 * (as P.862's do): delays are found to 1/8 ms, and {@link LagTracker} refines each frame at the full rate.
 */
final class UtteranceAligner {

  static final double UTTERANCE_SEARCH_MS = 300.0;
  static final double MIN_SPLIT_STEP_MS = 4.0;
  /** Parts shorter than this are not split off, ms. */
  static final double MIN_PART_MS = 200.0;
  private static final double FRAME_MS = 64.0;
  private static final double FINE_RADIUS_MS = 32.0;
  private static final double SMOOTHING_MS = 4.0;
  /** An utterance leaves the crude lag only for an envelope match this much better. */
  private static final double LOCAL_MARGIN = 1.1;
  /**
   * A segment whose frames agree less than this has no trustworthy delay of its own and takes its nearest
   * trustworthy neighbour's (real calls: 0.28-0.95; a voiced stretch matched against another 0.27).
   */
  static final double MIN_SEGMENT_CONFIDENCE = 0.3;
  /** Below this share of active recording under an utterance (at the crude lag) the utterance counts as lost. */
  static final double MIN_ACTIVE_SHARE = 0.5;

  /** Rate of the frame correlations, samples per second. */
  static final int ALIGNMENT_RATE = 8000;

  private final float[] ref;
  private final int rate;
  /** Analysis-rate samples per alignment-rate sample. */
  private final int scale;
  private final SpeechActivity refActivity;
  private final SpeechActivity degActivity;
  private final FrameCorrelator frames;
  private final int hop;
  private final int fineRadius;
  private final int smoothing;

  UtteranceAligner(float[] ref, float[] deg, int rate, SpeechActivity refActivity, SpeechActivity degActivity) {
    this.ref = ref;
    this.rate = rate;
    this.refActivity = refActivity;
    this.degActivity = degActivity;
    this.scale = Math.max(1, rate / ALIGNMENT_RATE);
    int low = rate / scale;
    float[] r = scale == 1 ? ref : Resampler.resample(new PcmAudio(rate, ref), low, Resampler.FAST_ZERO_CROSSINGS)
        .samples();
    float[] d = scale == 1 ? deg : Resampler.resample(new PcmAudio(rate, deg), low, Resampler.FAST_ZERO_CROSSINGS)
        .samples();
    int frame = (int) Math.round(low * FRAME_MS / 1000);
    this.frames = new FrameCorrelator(r, d, frame);
    this.hop = frame / 4;
    this.fineRadius = (int) Math.round(low * FINE_RADIUS_MS / 1000);
    this.smoothing = (int) Math.round(rate * SMOOTHING_MS / 1000);
  }

  /** The crude delay of the whole reference, in blocks, and its normalised envelope correlation. */
  record Crude(int lagBlocks, double correlation) {
  }

  /**
   * The envelope lag (blocks) where the reference lines up with the recording best: every lag at which at
   * least half of the reference lies inside the recording is tried, each normalised by the recording's
   * envelope energy under the reference.
   */
  Crude crude() {
    double[] r = refActivity.envelope();
    double[] d = degActivity.envelope();
    int maxLag = Math.max(r.length, d.length);
    float[] rf = toFloat(r);
    float[] df = toFloat(d);
    double[] c = Fft.crossCorrelation(rf, df, maxLag);
    double rr = 0;
    for (double v : r) {
      rr += v * v;
    }
    double[] prefix = new double[d.length + 1];
    for (int i = 0; i < d.length; i++) {
      prefix[i + 1] = prefix[i] + d[i] * d[i];
    }
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int lag = -r.length / 2; lag <= d.length - r.length / 2; lag++) {
      int from = Math.max(0, lag);
      int to = Math.min(d.length, lag + r.length);
      double dd = to > from ? prefix[to] - prefix[from] : 0;
      double v = rr > 0 && dd > 0 ? c[lag + maxLag] / Math.sqrt(rr * dd) : 0;
      if (v > bestValue) {
        bestValue = v;
        best = lag;
      }
    }
    return new Crude(best, Math.max(0, bestValue));
  }

  /**
   * The aligned segments covering every utterance of the reference, in order, each at its own delay.
   *
   * @param crude the whole-signal crude delay from {@link #crude()}
   */
  List<AlignedSegment> segments(Crude crude) {
    List<AlignedSegment> out = new ArrayList<>();
    int block = refActivity.blockSamples();
    for (int[] u : refActivity.utterances()) {
      int lagBlocks = utteranceCrudeLag(u, crude.lagBlocks());
      int from = u[0] * block;
      int to = Math.min(ref.length, u[1] * block);
      List<FrameLag> lags = frameLags(from, to, lagBlocks * block);
      split(lags, from, to, out);
    }
    return withTrustworthyDelays(out, crude.lagBlocks() * block);
  }

  /**
   * Segments below {@value #MIN_SEGMENT_CONFIDENCE} confidence take the delay of the nearest segment above it
   * (or the crude delay when none is): no delay is better supported for them.
   */
  private static List<AlignedSegment> withTrustworthyDelays(List<AlignedSegment> segments, int crude) {
    List<AlignedSegment> out = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      AlignedSegment s = segments.get(i);
      if (s.confidence() >= MIN_SEGMENT_CONFIDENCE) {
        out.add(s);
        continue;
      }
      int delay = crude;
      int distance = Integer.MAX_VALUE;
      for (AlignedSegment other : segments) {
        if (other.confidence() >= MIN_SEGMENT_CONFIDENCE) {
          int d = other.refTo() <= s.refFrom() ? s.refFrom() - other.refTo() : other.refFrom() - s.refTo();
          if (d < distance) {
            distance = d;
            delay = other.delay();
          }
        }
      }
      out.add(new AlignedSegment(s.refFrom(), s.refTo(), delay, s.confidence()));
    }
    return out;
  }

  /**
   * Envelope lag (blocks) of one utterance, searched ±{@value #UTTERANCE_SEARCH_MS} ms around the crude one —
   * unless the recording is silent under most of the utterance at the crude lag: then the utterance was lost,
   * not moved, and searching would only find other speech nearby.
   */
  private int utteranceCrudeLag(int[] u, int around) {
    double[] r = refActivity.envelope();
    double[] d = degActivity.envelope();
    if (activeShare(u, around) < MIN_ACTIVE_SHARE) {
      return around;
    }
    int radius = (int) Math.round(UTTERANCE_SEARCH_MS / 1000 / SpeechActivity.BLOCK_SECONDS);
    int best = around;
    double bestValue = envelopeMatch(u, around) * LOCAL_MARGIN; // moving away must pay
    for (int lag = around - radius; lag <= around + radius; lag++) {
      double v = envelopeMatch(u, lag);
      if (v > bestValue) {
        bestValue = v;
        best = lag;
      }
    }
    return best;
  }

  /** Σ ref·deg / sqrt(Σ deg²) of the utterance's envelope at {@code lag} (the reference's energy is common). */
  private double envelopeMatch(int[] u, int lag) {
    double[] r = refActivity.envelope();
    double[] d = degActivity.envelope();
    double rd = 0;
    double dd = 0;
    for (int b = u[0]; b < u[1]; b++) {
      int j = b + lag;
      if (j >= 0 && j < d.length) {
        rd += r[b] * d[j];
        dd += d[j] * d[j];
      }
    }
    return dd > 0 ? rd / Math.sqrt(dd) : 0;
  }

  /** Share of the utterance's speech blocks under which the recording, shifted by {@code lag}, is active. */
  private double activeShare(int[] u, int lag) {
    boolean[] r = refActivity.active();
    boolean[] d = degActivity.active();
    int speech = 0;
    int carried = 0;
    for (int b = u[0]; b < u[1]; b++) {
      if (r[b]) {
        speech++;
        int j = b + lag;
        if (j >= 0 && j < d.length && d[j]) {
          carried++;
        }
      }
    }
    return speech == 0 ? 0 : carried / (double) speech;
  }

  /** One 64 ms alignment frame: where it starts, its best lag and the weight it votes with. */
  private record FrameLag(int start, int lag, double weight, double correlation) {
  }



  /**
   * Best lag of every 64 ms frame of reference samples [from, to) within ±32 ms of {@code centre} (all in
   * analysis-rate samples; frames start and lags are found at the alignment rate).
   */
  private List<FrameLag> frameLags(int from, int to, int centre) {
    List<FrameLag> out = new ArrayList<>();
    int frame = frames.frame();
    int lowFrom = from / scale;
    int last = Math.max(lowFrom, to / scale - frame);
    double floor = frame * 0.375 * Math.pow(10, refActivity.thresholdDb() / 10);
    for (int s = lowFrom; s <= last; s += hop) {
      if (frames.refEnergy(s) <= floor) {
        continue;
      }
      FrameCorrelator.Match m = frames.best(s, centre / scale, fineRadius);
      if (m.correlation() > 0) {
        out.add(new FrameLag(s * scale, m.lag() * scale, Math.pow(m.correlation(), 0.125), m.correlation()));
      }
    }
    if (out.isEmpty()) {
      out.add(new FrameLag(from, centre, 0, 0));
    }
    return out;
  }

  /**
   * Appends the segments of utterance [from, to) built from its frame lags: the whole at its histogram peak,
   * or, where a split agrees better, each part split again.
   */
  private void split(List<FrameLag> lags, int from, int to, List<AlignedSegment> out) {
    Histogram all = new Histogram(lags);
    for (FrameLag f : lags) {
      all.add(f, 1);
    }
    Peak whole = all.peak();
    int minFrames = (int) Math.ceil((rate / scale * MIN_PART_MS / 1000 - frames.frame()) / hop) + 1;
    int bestK = -1;
    double bestScore = whole.score();
    if (lags.size() >= 2 * minFrames && whole.weight() > 0) {
      Histogram left = new Histogram(lags);
      Histogram right = new Histogram(lags);
      for (FrameLag f : lags) {
        right.add(f, 1);
      }
      for (int k = 1; k <= lags.size() - minFrames; k++) {
        left.add(lags.get(k - 1), 1);
        right.add(lags.get(k - 1), -1);
        if (k < minFrames) {
          continue;
        }
        Peak l = left.peak();
        Peak r = right.peak();
        boolean apart = Math.abs(l.lag() - r.lag()) >= rate * MIN_SPLIT_STEP_MS / 1000;
        if (apart && l.confidence() > whole.confidence() && r.confidence() > whole.confidence()
            && l.score() + r.score() > bestScore) {
          bestScore = l.score() + r.score();
          bestK = k;
        }
      }
    }
    if (bestK < 0) {
      out.add(new AlignedSegment(from, to, whole.lag(), whole.confidence()));
      return;
    }
    int at = lags.get(bestK).start() + (frames.frame() - hop) * scale / 2; // between the centres of k-1 and k
    at = Math.max(from + 1, Math.min(to - 1, at));
    split(lags.subList(0, bestK), from, at, out);
    split(lags.subList(bestK, lags.size()), at, to, out);
  }

  /** The smoothed histogram's peak: lag, share of the weight that agrees with it, total weight. */
  private record Peak(int lag, double confidence, double weight) {
    /** Weight of the frames that agree with the peak. */
    double score() {
      return confidence * weight;
    }
  }

  /**
   * Frame lags voted into a histogram over the lags of one utterance, each vote spread by the ±4 ms
   * triangle; frames can be added and removed, so a split scan moves one frame at a time.
   */
  private final class Histogram {
    private final int offset;
    private final double[] bins;
    private double total;

    Histogram(List<FrameLag> lags) {
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (FrameLag f : lags) {
        min = Math.min(min, f.lag());
        max = Math.max(max, f.lag());
      }
      offset = min - smoothing;
      bins = new double[max - min + 2 * smoothing + 1];
    }

    void add(FrameLag f, int sign) {
      int centre = f.lag() - offset;
      double w = sign * f.weight();
      for (int k = -smoothing; k <= smoothing; k++) {
        bins[centre + k] += w * (1.0 - Math.abs(k) / (double) (smoothing + 1));
      }
      total += w;
    }

    Peak peak() {
      if (total <= 1e-12) {
        return new Peak(offset + smoothing, 0, 0);
      }
      int best = 0;
      for (int k = 1; k < bins.length; k++) {
        if (bins[k] > bins[best]) {
          best = k;
        }
      }
      return new Peak(best + offset, bins[best] / total, total);
    }
  }

  private static float[] toFloat(double[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) x[i];
    }
    return out;
  }
}
