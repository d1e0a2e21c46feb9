package io.callfarm.quality;

/**
 * Full-reference perceptual speech quality in the manner of ITU-T P.862 (PESQ) with the P.862.2 wideband
 * mapping, written from the published description, not from reference code. Both signals of an aligned pair
 * at 16 kHz are level-normalised to the P.862 listening level (79 dB SPL), transformed to loudness on a Bark
 * scale (Zwicker's law over Terhardt's hearing threshold), the reference partially compensated for the path's
 * linear frequency response (±20 dB per band, as P.862 does), and the loudness difference turned into a
 * symmetric and an asymmetric (added components weigh more) disturbance per 32 ms frame. Disturbances are
 * aggregated with an L6 norm over 320 ms intervals and an L2 norm over time, combined into the P.862 raw
 * score and mapped to MOS-LQO (P.862.2): identical signals score 4.64, the P.862.2 ceiling.
 *
 * <p>Loudness is in sone (1 kHz at 40 dB SPL = 1 sone). The band layout and hearing threshold differ from
 * P.862's tables, so one constant, {@link #DISTURBANCE_SCALE}, is calibrated on the ViSQOL conformance pair
 * "CA01_01 vs transcoded" (a narrowband low-rate codec): it puts that pair at 2.9, midway between the 2.51
 * P.862.2 gives it and the 3.31 ViSQOL v3 publishes. Everything else follows from the model.
 *
 * <p>It is not PESQ: its scores follow PESQ's order and rough scale, not its exact values. Left out of P.862:
 * the frame-by-frame gain compensation of the degraded signal and the re-alignment of bad intervals (delay
 * changes are followed per 0.5 s block by {@link DelayTracker} before this model runs).
 */
final class PerceptualModel {

  /** Analysis rate, samples per second; callers resample to it. */
  static final int RATE = 16000;
  /** Maps this model's loudness units onto P.862's disturbance scale; see the class comment. */
  static final double DISTURBANCE_SCALE = 2.3;

  private static final int FRAME = 512;
  private static final int HOP = FRAME / 2;
  private static final double LISTENING_LEVEL_DB_SPL = 79.0;
  private static final double ZWICKER_POWER = 0.23;
  private static final double BAND_WIDTH_BARK = 0.5;
  private static final double LOWEST_HZ = 100.0;
  private static final double HIGHEST_HZ = 7800.0;
  private static final double MAX_COMPENSATION = 100.0; // ±20 dB
  private static final int INTERVAL_FRAMES = 20;
  /** Band intensity added to both sides of the asymmetry ratio: 17 dB SPL, so inaudible additions do not count. */
  private static final double ASYMMETRY_OFFSET = Math.pow(10, (17 - LISTENING_LEVEL_DB_SPL) / 10);
  private static final double[] WINDOW = hann(FRAME);
  private static final Bands BANDS = Bands.create();
  private static final double SONE = soneScale();

  private PerceptualModel() {
  }

  /** MOS-LQO in [1.04, 4.64] of an aligned pair sampled at {@link #RATE}. */
  static double mosLqo(AlignedPair p) {
    return toMosLqo(rawScore(p));
  }

  /** The P.862.2 mapping from a raw P.862 score to wideband MOS-LQO. */
  static double toMosLqo(double raw) {
    return 0.999 + 4.0 / (1.0 + Math.exp(-1.3669 * raw + 3.8224));
  }

  /** Raw P.862-style score in [-0.5, 4.5]. */
  static double rawScore(AlignedPair p) {
    if (p.sampleRate() != RATE) {
      throw new IllegalArgumentException("perceptual model needs " + RATE + " Hz, got " + p.sampleRate());
    }
    int frames = (p.length() - FRAME) / HOP + 1;
    if (frames < INTERVAL_FRAMES) {
      throw new AnalysisException(AnalysisException.Code.TOO_SHORT, "the overlap of reference and degraded is "
          + p.length() * 1000 / RATE + " ms; the perceptual model needs at least "
          + (INTERVAL_FRAMES * HOP + FRAME) * 1000 / RATE + " ms");
    }
    int nb = BANDS.count();
    double[][] ref = new double[frames][nb];
    double[][] deg = new double[frames][nb];
    double refSpeech = 0;
    double degSpeech = 0;
    double[] a = new double[FRAME];
    double[] b = new double[FRAME];
    for (int f = 0; f < frames; f++) {
      int off = f * HOP;
      for (int i = 0; i < FRAME; i++) {
        a[i] = p.ref()[off + i] * WINDOW[i];
        b[i] = p.deg()[off + i] * WINDOW[i];
      }
      double[][] spectra = Fft.powerPair(a, b);
      BANDS.sum(spectra[0], ref[f]);
      BANDS.sum(spectra[1], deg[f]);
      refSpeech += BANDS.speechBandPower(spectra[0]);
      degSpeech += BANDS.speechBandPower(spectra[1]);
    }
    if (refSpeech <= 0) {
      throw new AnalysisException(AnalysisException.Code.EMPTY,
          "the reference is silent in the speech band (350-3250 Hz); use a speech or tone reference");
    }
    if (degSpeech <= 0) {
      return -0.5; // nothing audible arrived
    }
    scale(ref, frames / refSpeech);
    scale(deg, frames / degSpeech);
    double[] frameEnergy = new double[frames];
    int first = -1;
    int last = -1;
    for (int f = 0; f < frames; f++) {
      for (double v : ref[f]) {
        frameEnergy[f] += v;
      }
      if (frameEnergy[f] > 0.01) {
        last = f;
        if (first < 0) {
          first = f;
        }
      }
    }
    if (first < 0) {
      throw new AnalysisException(AnalysisException.Code.EMPTY,
          "the reference has no active speech frame; use a speech or tone reference");
    }
    compensateFrequencyResponse(ref, deg, frameEnergy);
    double[] sym = new double[frames];
    double[] asym = new double[frames];
    for (int f = first; f <= last; f++) {
      double s = 0;
      double as = 0;
      for (int k = 0; k < nb; k++) {
        double t = BANDS.threshold[k];
        double d = loudness(deg[f][k], t) - loudness(ref[f][k], t);
        double mask = 0.25 * Math.min(loudness(deg[f][k], t), loudness(ref[f][k], t));
        d = Math.abs(d) <= mask ? 0 : d - Math.signum(d) * mask;
        double ratio = Math.pow((deg[f][k] + ASYMMETRY_OFFSET) / (ref[f][k] + ASYMMETRY_OFFSET), 1.2);
        double asymFactor = ratio < 3 ? 0 : Math.min(ratio, 12);
        s += d * BAND_WIDTH_BARK * d * BAND_WIDTH_BARK;
        as += Math.abs(d) * asymFactor * BAND_WIDTH_BARK;
      }
      double weight = Math.pow(frameEnergy[f] + 0.01, 0.04); // quiet reference frames weigh a little less
      sym[f] = Math.min(45, DISTURBANCE_SCALE * weight * Math.sqrt(s * nb * BAND_WIDTH_BARK));
      asym[f] = Math.min(45, DISTURBANCE_SCALE * weight * as);
    }
    double dSym = aggregate(sym, first, last);
    double dAsym = aggregate(asym, first, last);
    return Math.max(-0.5, Math.min(4.5, 4.5 - 0.1 * dSym - 0.0309 * dAsym));
  }

  /**
   * Zwicker loudness, in sone, of band intensity {@code i} over hearing threshold {@code t} (both relative to
   * the listening level); 0 below the threshold.
   */
  private static double loudness(double i, double t) {
    if (i <= t) {
      return 0;
    }
    return SONE * Math.pow(t / 0.5, ZWICKER_POWER) * (Math.pow(0.5 + 0.5 * i / t, ZWICKER_POWER) - 1);
  }

  /** Scale making {@link #loudness} 1 sone for a 1 kHz tone at 40 dB SPL, the definition of the sone. */
  private static double soneScale() {
    double t = Math.pow(10, (Bands.hearingThresholdDbSpl(1000) - LISTENING_LEVEL_DB_SPL) / 10);
    double i = Math.pow(10, (40 - LISTENING_LEVEL_DB_SPL) / 10);
    return 1 / (Math.pow(t / 0.5, ZWICKER_POWER) * (Math.pow(0.5 + 0.5 * i / t, ZWICKER_POWER) - 1));
  }

  /**
   * Scales the reference's bands by the degraded/reference power ratio over active frames, limited to ±20 dB,
   * so a mild linear filter in the path is not counted as a disturbance but band-limiting still is.
   */
  private static void compensateFrequencyResponse(double[][] ref, double[][] deg, double[] frameEnergy) {
    int nb = BANDS.count();
    for (int k = 0; k < nb; k++) {
      double r = 0;
      double d = 0;
      for (int f = 0; f < ref.length; f++) {
        if (frameEnergy[f] > 0.1) {
          r += ref[f][k];
          d += deg[f][k];
        }
      }
      double eps = 1e-3 * BANDS.threshold[k] * ref.length;
      double ratio = Math.max(1 / MAX_COMPENSATION, Math.min(MAX_COMPENSATION, (d + eps) / (r + eps)));
      for (double[] frame : ref) {
        frame[k] *= ratio;
      }
    }
  }

  /** L2 over time of the L6 norms of 20-frame intervals that overlap by half. */
  private static double aggregate(double[] d, int first, int last) {
    double sum = 0;
    int n = 0;
    for (int start = first; start <= last; start += INTERVAL_FRAMES / 2) {
      int end = Math.min(last + 1, start + INTERVAL_FRAMES);
      double p6 = 0;
      for (int f = start; f < end; f++) {
        p6 += Math.pow(d[f], 6);
      }
      double l6 = Math.pow(p6 / (end - start), 1.0 / 6);
      sum += l6 * l6;
      n++;
      if (end == last + 1) {
        break;
      }
    }
    return Math.sqrt(sum / n);
  }

  private static void scale(double[][] x, double factor) {
    for (double[] row : x) {
      for (int k = 0; k < row.length; k++) {
        row[k] *= factor;
      }
    }
  }

  private static double[] hann(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    return w;
  }

  /** Half-Bark bands from 100 Hz to 7.8 kHz over the bins of a 512-point FFT at 16 kHz. */
  private record Bands(int[] fromBin, int[] toBin, double[] threshold, int speechFrom, int speechTo) {

    static Bands create() {
      double binHz = RATE / (double) FRAME;
      java.util.List<int[]> ranges = new java.util.ArrayList<>();
      java.util.List<Double> thresholds = new java.util.ArrayList<>();
      double zLow = bark(LOWEST_HZ);
      double zHigh = bark(HIGHEST_HZ);
      for (double z = zLow; z < zHigh - 1e-9; z += BAND_WIDTH_BARK) {
        int from = (int) Math.ceil(hz(z) / binHz);
        int to = (int) Math.ceil(hz(Math.min(z + BAND_WIDTH_BARK, zHigh)) / binHz);
        if (to > from) {
          ranges.add(new int[] {from, to});
          double centre = (from + to - 1) / 2.0 * binHz;
          thresholds.add(Math.pow(10, (hearingThresholdDbSpl(centre) - LISTENING_LEVEL_DB_SPL) / 10));
        }
      }
      int n = ranges.size();
      int[] f = new int[n];
      int[] t = new int[n];
      double[] th = new double[n];
      for (int i = 0; i < n; i++) {
        f[i] = ranges.get(i)[0];
        t[i] = ranges.get(i)[1];
        th[i] = thresholds.get(i);
      }
      return new Bands(f, t, th, (int) Math.ceil(350 / binHz), (int) Math.floor(3250 / binHz) + 1);
    }

    int count() {
      return fromBin.length;
    }

    void sum(double[] power, double[] out) {
      for (int k = 0; k < fromBin.length; k++) {
        double s = 0;
        for (int i = fromBin[k]; i < toBin[k]; i++) {
          s += power[i];
        }
        out[k] = s;
      }
    }

    double speechBandPower(double[] power) {
      double s = 0;
      for (int i = speechFrom; i < speechTo; i++) {
        s += power[i];
      }
      return s;
    }

    /** Traunmüller's critical-band rate, Bark. */
    static double bark(double hz) {
      return 26.81 * hz / (1960 + hz) - 0.53;
    }

    static double hz(double bark) {
      return 1960 * (bark + 0.53) / (26.28 - bark);
    }

    /** Terhardt's absolute threshold of hearing for a tone, dB SPL. */
    static double hearingThresholdDbSpl(double hz) {
      double k = hz / 1000;
      return 3.64 * Math.pow(k, -0.8) - 6.5 * Math.exp(-0.6 * (k - 3.3) * (k - 3.3)) + 1e-3 * Math.pow(k, 4);
    }
  }
}
