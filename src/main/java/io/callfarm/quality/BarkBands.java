package io.callfarm.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * The critical-band layout of the perceptual model at 16 kHz with 512-point frames: FFT bins grouped into
 * bands of equal width on Zwicker's Bark scale (0-8 kHz in {@value #TARGET_BANDS} steps, as P.862's wideband
 * model has 49), a band never narrower than one bin. Each band carries its width in Bark (the weight of the
 * band in the frame norms), its centre in Bark, and the absolute hearing threshold in the model's power
 * units (Terhardt's threshold curve, in the unit system where a level-aligned speech frame totals about 10^7).
 */
final class BarkBands {

  static final int TARGET_BANDS = 49;
  /**
   * From |X[k]|² of a 512-point FFT of Hann-windowed 16-bit samples to the model's band-power units:
   * P.862's density scale for that FFT (6.910853e-6) raised by 25 dB, the listening level at which this
   * band layout's disturbances match PESQ-WB's on real calls (calibrated with {@code LOUDNESS_SCALE} of
   * {@link PerceptualModel} on {@code src/test/resources/quality/realcalls}; the ViSQOL transcoded pair, not
   * used for it, checks the pair: see {@code RealCallAgreementTest} and {@code ConformanceTest}).
   */
  static final double POWER_SCALE = 6.910853e-6 * Math.pow(10, 2.5);
  /** Offset of Terhardt's curve in model power units, dB (puts the 1 kHz threshold near 1.4, P.862's value). */
  private static final double THRESHOLD_OFFSET_DB = -2.0;

  final int[] fromBin;
  final int[] toBin;
  final double[] widthBark;
  final double[] centreBark;
  final double[] threshold;

  private BarkBands(int[] fromBin, int[] toBin, double[] widthBark, double[] centreBark, double[] threshold) {
    this.fromBin = fromBin;
    this.toBin = toBin;
    this.widthBark = widthBark;
    this.centreBark = centreBark;
    this.threshold = threshold;
  }

  /** Bands over the bins of a {@code fftSize}-point FFT at {@code rate}. */
  static BarkBands create(int rate, int fftSize) {
    double binHz = rate / (double) fftSize;
    int bins = fftSize / 2;
    double step = bark(rate / 2.0) / TARGET_BANDS;
    List<int[]> ranges = new ArrayList<>();
    int from = 1; // the DC bin carries no audible sound
    while (from < bins) {
      double lowEdge = bark((from - 0.5) * binHz);
      int to = from + 1;
      while (to < bins && bark((to - 0.5) * binHz) - lowEdge < step) {
        to++;
      }
      ranges.add(new int[] {from, to});
      from = to;
    }
    int n = ranges.size();
    int[] f = new int[n];
    int[] t = new int[n];
    double[] w = new double[n];
    double[] c = new double[n];
    double[] th = new double[n];
    for (int i = 0; i < n; i++) {
      f[i] = ranges.get(i)[0];
      t[i] = ranges.get(i)[1];
      double lo = (f[i] - 0.5) * binHz;
      double hi = (t[i] - 0.5) * binHz;
      w[i] = bark(hi) - bark(lo);
      c[i] = (bark(hi) + bark(lo)) / 2;
      th[i] = Math.pow(10, (hearingThresholdDb(hz(c[i])) + THRESHOLD_OFFSET_DB) / 10);
    }
    return new BarkBands(f, t, w, c, th);
  }

  int count() {
    return fromBin.length;
  }

  /** Band powers of one power spectrum (|X[k]|², k = 0..n/2), in model units. */
  void bandPowers(double[] spectrum, double[] out) {
    for (int b = 0; b < fromBin.length; b++) {
      double s = 0;
      for (int k = fromBin[b]; k < toBin[b]; k++) {
        s += spectrum[k];
      }
      out[b] = s * POWER_SCALE;
    }
  }

  /** Zwicker's critical-band rate, Bark. */
  static double bark(double hz) {
    return 13 * Math.atan(0.00076 * hz) + 3.5 * Math.atan(Math.pow(hz / 7500, 2));
  }

  /** Inverse of {@link #bark}, by bisection (monotonic), Hz. */
  static double hz(double bark) {
    double lo = 0;
    double hi = 24000;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (bark(mid) < bark) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** Terhardt's absolute threshold of hearing for a tone, dB SPL (capped at 80 dB near 0 Hz). */
  static double hearingThresholdDb(double hz) {
    double k = Math.max(hz, 20) / 1000;
    double t = 3.64 * Math.pow(k, -0.8) - 6.5 * Math.exp(-0.6 * (k - 3.3) * (k - 3.3)) + 1e-3 * Math.pow(k, 4);
    return Math.min(80, t);
  }
}
