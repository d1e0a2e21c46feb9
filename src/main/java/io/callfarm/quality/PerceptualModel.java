package io.callfarm.quality;

import java.util.Arrays;

/**
 * Full-reference perceptual speech quality following the structure of ITU-T P.862 (PESQ) with the P.862.2
 * wideband input filter and mapping, written from the published description, not from reference code.
 *
 * <p>Both signals, in 16-bit sample units, are level-aligned (their 350-3250 Hz power set to 10^7, the
 * reference over its whole length, the recording over the span the reference occupies in it) and high-passed at
 * 100 Hz. Every 32 ms frame of the reference (50 % overlap, Hann) is compared with the recording at that frame's
 * own delay ({@link TimeAlignment}): power spectra are grouped into Bark bands ({@link BarkBands}); the
 * reference is partially compensated for the path's frequency response (per band, over loud frames, limited to
 * ±20 dB) and the recording for short-term gain changes (per frame, smoothed, limited to 3·10^-4..5); both are
 * turned into loudness (Zwicker's law over the absolute threshold, steeper in the lowest bands); the loudness
 * difference, less a dead zone of a quarter of the smaller loudness, gives a symmetric disturbance (an L2
 * norm over bands weighted by their Bark width) and an asymmetric one (added components weigh more: the ratio
 * of the band powers to the power 1.2, ignored below 3 and capped at 12; an L1 norm). Loud reference frames
 * weigh a little less, every frame is capped at 45; frames the recording does not cover (it started later or
 * ended sooner than the reference) are not judged. Intervals of bad frames are re-aligned within ±128 ms and
 * keep whichever alignment disturbs less, provided the recording really carries that stretch at the new lag
 * (normalised correlation at least 0.5), so lost audio is never excused by speech found elsewhere. Frames are aggregated with an L6 norm over 320 ms and an L2 norm over
 * time from the first to the last sound of the reference, combined into the raw score
 * {@code 4.5 − 0.1·D − 0.0309·A} and mapped to MOS-LQO with P.862.2's function: identical signals score 4.64.
 *
 * <p>It is not PESQ: its band layout and threshold curve are derived here, so its scores follow PESQ's closely
 * but not exactly; {@code RealCallAgreementTest} pins how closely on real recordings scored by the reference.
 */
final class PerceptualModel {

  /** Analysis rate, samples per second; callers resample to it. */
  static final int RATE = 16000;

  static final int FRAME = TimeAlignment.FRAME;
  static final int HOP = TimeAlignment.HOP;
  private static final double FULL_SCALE = 32768.0;
  private static final double TARGET_POWER = 1e7;
  private static final double LEVEL_BAND_LOW_HZ = 350;
  private static final double LEVEL_BAND_HIGH_HZ = 3250;
  /** A reference frame quieter than this (audible power, bands 100× above threshold) is silent for equalisation. */
  private static final double SILENT_FRAME_POWER = 1e7;
  private static final double EQUALISATION_OFFSET = 1000;
  private static final double MAX_EQUALISATION = 100; // ±20 dB
  private static final double GAIN_OFFSET = 5000;
  private static final double GAIN_MIN = 3e-4;
  private static final double GAIN_MAX = 5;
  private static final double GAIN_SMOOTHING = 0.8;
  private static final double ZWICKER_POWER = 0.23;
  /** P.862's loudness scale at 16 kHz (0.1866775) times 1.1, calibrated with {@link BarkBands#POWER_SCALE}. */
  private static final double LOUDNESS_SCALE = 1.866775e-1 * 1.1;
  private static final double ASYMMETRY_OFFSET = 50;
  private static final double FRAME_WEIGHT_OFFSET = 1e5;
  private static final double MAX_FRAME_DISTURBANCE = 45;
  /** Frames disturbed more than this are re-aligned (P.862's bad frames). */
  private static final double BAD_FRAME = 30;
  private static final double REALIGN_MS = 128;
  /** A bad interval moves only to a lag where the recording matches it at least this well (normalised). */
  private static final double REALIGN_MIN_CORRELATION = 0.5;
  /** A bad interval whose recording carries less than this share of the reference's energy was lost: kept. */
  private static final double LOST_ENERGY_RATIO = 0.1;
  private static final int INTERVAL_FRAMES = 20;
  /** Mean |sample| over 5 samples below which the reference has not started yet (16-bit units). */
  private static final double SILENT_FIVE_SAMPLES = 500;

  private static final BarkBands BANDS = BarkBands.create(RATE, FRAME);
  private static final double[] WINDOW = hann(FRAME);
  private static final double[] ZWICKER = zwickerPowers();

  private PerceptualModel() {
  }

  /**
   * What the model found: the score and, per frame, the delay it used (after bad-interval re-alignment).
   *
   * @param mosLqo       P.862.2 MOS-LQO, 1.02..4.64
   * @param raw          the raw P.862-style score, 4.5 for identical signals
   * @param frameDelays  delay of each perceptual frame finally used, samples
   * @param realigned    bad intervals that a re-alignment improved
   */
  record Score(double mosLqo, double raw, int[] frameDelays, int realigned) {
  }

  /** The P.862.2 mapping from a raw P.862 score to wideband MOS-LQO. */
  static double toMosLqo(double raw) {
    return 0.999 + 4.0 / (1.0 + Math.exp(-1.3669 * raw + 3.8224));
  }

  /** Scores {@code deg} against {@code ref} (both at {@link #RATE}) at the delays of {@code alignment}. */
  static Score score(float[] ref, float[] deg, TimeAlignment alignment) {
    return new Comparison(ref, deg, alignment).run();
  }

  /** One scoring run: the level-aligned signals and the per-frame state. */
  private static final class Comparison {
    private final double[] ref;
    private final double[] deg;
    private final int[] delays;
    private final int first;
    private final int last;
    private double[][] refBands;
    private double[] equalisation;

    Comparison(float[] refIn, float[] degIn, TimeAlignment alignment) {
      if (alignment.sampleRate() != RATE) {
        throw new IllegalArgumentException("perceptual model needs " + RATE + " Hz, got " + alignment.sampleRate());
      }
      int frames = alignment.frameDelays().length;
      if (frames < INTERVAL_FRAMES) {
        throw new AnalysisException(AnalysisException.Code.TOO_SHORT, "the reference is "
            + refIn.length * 1000 / RATE + " ms; the perceptual model needs at least "
            + ((INTERVAL_FRAMES - 1) * HOP + FRAME) * 1000 / RATE + " ms");
      }
      delays = alignment.frameDelays().clone();
      ref = toModelUnits(refIn);
      deg = toModelUnits(degIn);
      int degFrom = Math.max(0, alignment.leadIn());
      int degTo = Math.max(degFrom + 1, deg.length - alignment.tail());
      scale(ref, Math.sqrt(TARGET_POWER / Math.max(1e-9, bandPower(ref, 0, ref.length))));
      double degPower = bandPower(deg, degFrom, degTo);
      scale(deg, degPower > 0 ? Math.sqrt(TARGET_POWER / degPower) : 1);
      highPass(ref);
      highPass(deg);
      int[] span = soundSpan(ref);
      int from = Math.max(0, span[0] / HOP);
      int to = Math.min(frames - 1, Math.max(from, span[1] / HOP - 1));
      // the recording may start after the reference or end before it (a call hung up while audio was in
      // flight): frames the recording never covered are not judged (they were not recorded, not lost)
      while (from < to && from * HOP + delays[from] < 0) {
        from++;
      }
      while (to > from && to * HOP + delays[to] + FRAME > deg.length) {
        to--;
      }
      first = from;
      last = to;
    }

    Score run() {
      int nb = BANDS.count();
      int n = last - first + 1;
      refBands = new double[n][nb];
      double[][] degBands = new double[n][nb];
      for (int f = first; f <= last; f++) {
        spectrumBands(ref, f * HOP, refBands[f - first]);
        spectrumBands(deg, f * HOP + delays[f], degBands[f - first]);
      }
      equalisation = equalisation(refBands, degBands);
      for (double[] frame : refBands) {
        for (int b = 0; b < nb; b++) {
          frame[b] *= equalisation[b];
        }
      }
      double[] sym = new double[n];
      double[] asym = new double[n];
      double[] gains = new double[n];
      disturb(degBands, 0, n, 1.0, sym, asym, gains);
      int realigned = realignBadIntervals(degBands, sym, asym, gains);
      double d = aggregate(sym);
      double a = aggregate(asym);
      double raw = 4.5 - 0.1 * d - 0.0309 * a;
      return new Score(toMosLqo(raw), raw, delays, realigned);
    }

    /**
     * Disturbances of frames [from, to) (indices relative to {@link #first}) from their degraded band powers,
     * continuing the gain compensation from {@code gain}; writes {@code sym}, {@code asym} and the gain used.
     */
    private void disturb(double[][] degBands, int from, int to, double gain, double[] sym, double[] asym,
        double[] gains) {
      int nb = BANDS.count();
      double[] compensated = new double[nb];
      double[] density = new double[nb];
      double[] asymDensity = new double[nb];
      double g = gain;
      for (int i = from; i < to; i++) {
        double[] r = refBands[i];
        double[] dg = degBands[i];
        double raw = (audible(r, 1) + GAIN_OFFSET) / (audible(dg, 1) + GAIN_OFFSET);
        g = i == 0 ? raw : GAIN_SMOOTHING * g + (1 - GAIN_SMOOTHING) * raw;
        g = Math.max(GAIN_MIN, Math.min(GAIN_MAX, g));
        gains[i] = g;
        for (int b = 0; b < nb; b++) {
          compensated[b] = dg[b] * g;
          double lr = loudness(r[b], b);
          double ld = loudness(compensated[b], b);
          double diff = ld - lr;
          double mask = 0.25 * Math.min(lr, ld);
          diff = Math.abs(diff) <= mask ? 0 : diff - Math.signum(diff) * mask;
          density[b] = diff;
          double ratio = Math.pow((compensated[b] + ASYMMETRY_OFFSET) / (r[b] + ASYMMETRY_OFFSET), 1.2);
          asymDensity[b] = diff * (ratio < 3 ? 0 : Math.min(ratio, 12));
        }
        double weight = Math.pow((audible(r, 1) + FRAME_WEIGHT_OFFSET) / TARGET_POWER, 0.04);
        sym[i] = Math.min(MAX_FRAME_DISTURBANCE, pseudoNorm(density, 2) / weight);
        asym[i] = Math.min(MAX_FRAME_DISTURBANCE, pseudoNorm(asymDensity, 1) / weight);
      }
    }

    /**
     * P.862's bad intervals: runs of frames disturbed more than {@value #BAD_FRAME}; each is aligned again
     * within ±{@value #REALIGN_MS} ms of its delay and keeps the new delay if its total disturbance falls.
     */
    private int realignBadIntervals(double[][] degBands, double[] sym, double[] asym, double[] gains) {
      int n = sym.length;
      int radius = (int) Math.round(RATE * REALIGN_MS / 1000);
      int realigned = 0;
      int i = 0;
      while (i < n) {
        if (sym[i] <= BAD_FRAME) {
          i++;
          continue;
        }
        int a = i;
        while (i < n && sym[i] > BAD_FRAME) {
          i++;
        }
        int b = i; // [a, b)
        int from = (first + a) * HOP;
        int to = (first + b - 1) * HOP + FRAME;
        int lag = bestSpanLag(from, to, delays[first + a], radius);
        // only where the recording really carries this stretch elsewhere: a lost (near silent) or concealed
        // interval must not borrow other speech to look better
        if (lag == delays[first + a] || energyRatio(from, to, delays[first + a]) < LOST_ENERGY_RATIO
            || spanCorrelation(from, to, lag) < REALIGN_MIN_CORRELATION) {
          continue;
        }
        double[][] candidate = new double[b - a][BANDS.count()];
        for (int k = a; k < b; k++) {
          spectrumBands(deg, (first + k) * HOP + lag, candidate[k - a]);
        }
        double[] s2 = new double[n];
        double[] a2 = new double[n];
        double[] g2 = new double[n];
        double[][] shifted = degBands.clone();
        System.arraycopy(candidate, 0, shifted, a, b - a);
        disturb(shifted, a, b, a > 0 ? gains[a - 1] : 1.0, s2, a2, g2);
        double before = 0;
        double after = 0;
        for (int k = a; k < b; k++) {
          before += sym[k] + asym[k];
          after += s2[k] + a2[k];
        }
        if (after < before) {
          realigned++;
          for (int k = a; k < b; k++) {
            sym[k] = s2[k];
            asym[k] = a2[k];
            gains[k] = g2[k];
            degBands[k] = candidate[k - a];
            delays[first + k] = lag;
          }
        }
      }
      return realigned;
    }

    /** Recording energy at {@code lag} over reference samples [from, to), relative to the reference's. */
    private double energyRatio(int from, int to, int lag) {
      double rr = 0;
      double dd = 0;
      for (int k = from; k < to && k < ref.length; k++) {
        int j = k + lag;
        double y = j >= 0 && j < deg.length ? deg[j] : 0;
        rr += ref[k] * ref[k];
        dd += y * y;
      }
      return rr > 0 ? dd / rr : 1;
    }

    /** Normalised correlation of reference samples [from, to) with the recording at {@code lag}. */
    private double spanCorrelation(int from, int to, int lag) {
      double rr = 0;
      double dd = 0;
      double rd = 0;
      for (int k = from; k < to && k < ref.length; k++) {
        int j = k + lag;
        double y = j >= 0 && j < deg.length ? deg[j] : 0;
        rr += ref[k] * ref[k];
        dd += y * y;
        rd += ref[k] * y;
      }
      return rr > 0 && dd > 0 ? rd / Math.sqrt(rr * dd) : 0;
    }

    /** The lag within ±radius of {@code centre} at which reference samples [from, to) correlate best. */
    private int bestSpanLag(int from, int to, int centre, int radius) {
      int len = to - from;
      float[] a = new float[len];
      for (int k = 0; k < len; k++) {
        a[k] = from + k < ref.length ? (float) ref[from + k] : 0f;
      }
      float[] b = new float[len + 2 * radius];
      for (int k = 0; k < b.length; k++) {
        int j = from + centre - radius + k;
        b[k] = j >= 0 && j < deg.length ? (float) deg[j] : 0f;
      }
      double[] c = Fft.crossCorrelation(a, b, 2 * radius);
      int best = centre;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int k = 0; k <= 2 * radius; k++) {
        double v = c[k + 2 * radius];
        if (v > bestValue) {
          bestValue = v;
          best = centre - radius + k;
        }
      }
      return best;
    }

    /**
     * Per band, (mean degraded + 1000) / (mean reference + 1000) over frames whose reference is loud (audible
     * power above 10^7), counting only band values 100× above the threshold; limited to ±20 dB.
     */
    private static double[] equalisation(double[][] refBands, double[][] degBands) {
      int nb = BANDS.count();
      double[] r = new double[nb];
      double[] d = new double[nb];
      int loud = 0;
      for (int f = 0; f < refBands.length; f++) {
        if (audible(refBands[f], 100) < SILENT_FRAME_POWER) {
          continue;
        }
        loud++;
        for (int b = 0; b < nb; b++) {
          double t = 100 * BANDS.threshold[b];
          if (refBands[f][b] > t) {
            r[b] += refBands[f][b];
          }
          if (degBands[f][b] > t) {
            d[b] += degBands[f][b];
          }
        }
      }
      double[] ratio = new double[nb];
      for (int b = 0; b < nb; b++) {
        double x = loud == 0 ? 1 : (d[b] / loud + EQUALISATION_OFFSET) / (r[b] / loud + EQUALISATION_OFFSET);
        ratio[b] = Math.max(1 / MAX_EQUALISATION, Math.min(MAX_EQUALISATION, x));
      }
      return ratio;
    }

    /** L2 over time of the L6 norms of 20-frame intervals overlapping by half. */
    private static double aggregate(double[] d) {
      double sum = 0;
      int count = 0;
      for (int start = 0; start < d.length; start += INTERVAL_FRAMES / 2) {
        int end = Math.min(d.length, start + INTERVAL_FRAMES);
        double p6 = 0;
        for (int f = start; f < end; f++) {
          p6 += Math.pow(d[f], 6);
        }
        double l6 = Math.pow(p6 / (end - start), 1.0 / 6);
        sum += l6 * l6;
        count++;
        if (end == d.length) {
          break;
        }
      }
      return Math.sqrt(sum / count);
    }
  }

  /** Band powers of the Hann-windowed frame of {@code x} starting at {@code start} (zeros outside the signal). */
  private static void spectrumBands(double[] x, int start, double[] out) {
    double[] frame = new double[FRAME];
    for (int i = 0; i < FRAME; i++) {
      int j = start + i;
      frame[i] = j >= 0 && j < x.length ? x[j] * WINDOW[i] : 0;
    }
    BANDS.bandPowers(Fft.power(frame), out);
  }

  /** Sum of the band powers above {@code factor} times their threshold. */
  private static double audible(double[] bands, double factor) {
    double s = 0;
    for (int b = 0; b < bands.length; b++) {
      if (bands[b] > factor * BANDS.threshold[b]) {
        s += bands[b];
      }
    }
    return s;
  }

  /** Zwicker loudness of band power {@code p} in band {@code b}; 0 at or below the threshold. */
  private static double loudness(double p, int b) {
    double t = BANDS.threshold[b];
    double g = ZWICKER[b];
    double l = LOUDNESS_SCALE * Math.pow(t / 0.5, g) * (Math.pow(0.5 + 0.5 * p / t, g) - 1);
    return Math.max(0, l);
  }

  /** Zwicker's exponent, raised below 4 Bark where loudness grows faster (P.862's modification). */
  private static double[] zwickerPowers() {
    double[] out = new double[BANDS.count()];
    for (int b = 0; b < out.length; b++) {
      double h = 1;
      if (BANDS.centreBark[b] < 4) {
        h = Math.pow(Math.min(2, 6 / (BANDS.centreBark[b] + 2)), 0.15);
      }
      out[b] = ZWICKER_POWER * h;
    }
    return out;
  }

  /**
   * P.862's frame norm over bands 1..n-1 weighted by Bark width: (Σ (|x|·w)^p / W)^(1/p) · W with
   * W = Σ w.
   */
  private static double pseudoNorm(double[] x, double p) {
    double sum = 0;
    double total = 0;
    for (int b = 1; b < x.length; b++) {
      double w = BANDS.widthBark[b];
      sum += Math.pow(Math.abs(x[b]) * w, p);
      total += w;
    }
    return Math.pow(sum / total, 1 / p) * total;
  }

  /** Mean square of the 350-3250 Hz band of {@code x[from..to)}, from its frames' power spectra (Parseval). */
  private static double bandPower(double[] x, int from, int to) {
    double binHz = RATE / (double) FRAME;
    int lo = (int) Math.ceil(LEVEL_BAND_LOW_HZ / binHz);
    int hi = (int) Math.floor(LEVEL_BAND_HIGH_HZ / binHz);
    double windowEnergy = 0;
    for (double w : WINDOW) {
      windowEnergy += w * w;
    }
    double sum = 0;
    int frames = 0;
    double[] frame = new double[FRAME];
    for (int s = from; s + FRAME <= to; s += HOP) {
      for (int i = 0; i < FRAME; i++) {
        frame[i] = x[s + i] * WINDOW[i];
      }
      double[] p = Fft.power(frame);
      double band = 0;
      for (int k = lo; k <= hi; k++) {
        band += p[k];
      }
      sum += 2 * band / (FRAME * windowEnergy);
      frames++;
    }
    return frames == 0 ? 0 : sum / frames;
  }

  /** First and last+1 sample of the reference where its sound starts and ends (P.862's 5-sample rule). */
  private static int[] soundSpan(double[] x) {
    int start = 0;
    while (start + 5 <= x.length && fiveSum(x, start) < SILENT_FIVE_SAMPLES) {
      start++;
    }
    int end = x.length;
    while (end - 5 > start && fiveSum(x, end - 5) < SILENT_FIVE_SAMPLES) {
      end--;
    }
    return new int[] {start, end};
  }

  private static double fiveSum(double[] x, int at) {
    double s = 0;
    for (int i = at; i < at + 5; i++) {
      s += Math.abs(x[i]);
    }
    return s;
  }

  /** The P.862.2 input filter: a second-order Butterworth high-pass at 100 Hz, in place. */
  private static void highPass(double[] x) {
    double w = Math.tan(Math.PI * 100 / RATE);
    double k = 1 / (1 + Math.sqrt(2) * w + w * w);
    double b0 = k;
    double b1 = -2 * k;
    double b2 = k;
    double a1 = 2 * (w * w - 1) * k;
    double a2 = (1 - Math.sqrt(2) * w + w * w) * k;
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    for (int i = 0; i < x.length; i++) {
      double y = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x[i];
      y2 = y1;
      y1 = y;
      x[i] = y;
    }
  }

  private static double[] toModelUnits(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * FULL_SCALE;
    }
    return out;
  }

  private static void scale(double[] x, double factor) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= factor;
    }
  }

  private static double[] hann(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    return w;
  }
}
