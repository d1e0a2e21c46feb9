package io.callfarm.quality;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The few spectral operations the analysis needs, on top of commons-math3's in-place FFT (no per-bin objects,
 * which keeps analysis faster than real time by two orders of magnitude).
 */
final class Fft {

  private Fft() {
  }

  /** Smallest power of two that is at least {@code n} (n ≥ 1). */
  static int nextPowerOfTwo(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  /**
   * Power spectrum |X[k]|² for k = 0..n/2 of a real frame.
   *
   * @param frame real samples; its length must be a power of two
   */
  static double[] power(double[] frame) {
    int n = frame.length;
    double[][] ri = {frame.clone(), new double[n]};
    FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.FORWARD);
    double[] p = new double[n / 2 + 1];
    for (int k = 0; k <= n / 2; k++) {
      p[k] = ri[0][k] * ri[0][k] + ri[1][k] * ri[1][k];
    }
    return p;
  }

  /**
   * Power spectra of two real frames of the same power-of-two length with one complex FFT (a in the real part,
   * b in the imaginary part, separated by conjugate symmetry).
   *
   * @return {@code {|A[k]|², |B[k]|²}} for k = 0..n/2
   */
  static double[][] powerPair(double[] a, double[] b) {
    int n = a.length;
    double[][] ri = {a.clone(), b.clone()};
    FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.FORWARD);
    double[] pa = new double[n / 2 + 1];
    double[] pb = new double[n / 2 + 1];
    for (int k = 0; k <= n / 2; k++) {
      int m = (n - k) & (n - 1);
      double ar = 0.5 * (ri[0][k] + ri[0][m]);
      double ai = 0.5 * (ri[1][k] - ri[1][m]);
      double br = 0.5 * (ri[1][k] + ri[1][m]);
      double bi = -0.5 * (ri[0][k] - ri[0][m]);
      pa[k] = ar * ar + ai * ai;
      pb[k] = br * br + bi * bi;
    }
    return new double[][] {pa, pb};
  }

  /**
   * Linear cross-correlation c[lag] = Σ a[i]·b[i + lag] for lag in [-maxLag, maxLag], via one FFT product.
   *
   * @return array of length 2·maxLag + 1; index {@code lag + maxLag}
   */
  static double[] crossCorrelation(float[] a, float[] b, int maxLag) {
    int n = nextPowerOfTwo(Math.max(a.length, b.length) + maxLag + 1);
    double[][] x = {new double[n], new double[n]};
    for (int i = 0; i < a.length; i++) {
      x[0][i] = a[i];
    }
    for (int i = 0; i < b.length; i++) {
      x[1][i] = b[i];
    }
    FastFourierTransformer.transformInPlace(x, DftNormalization.STANDARD, TransformType.FORWARD);
    // With z = a + i·b: A[k] = (Z[k] + conj Z[n-k]) / 2, B[k] = (Z[k] - conj Z[n-k]) / 2i; want conj(A)·B.
    double[][] prod = {new double[n], new double[n]};
    for (int k = 0; k < n; k++) {
      int m = (n - k) & (n - 1);
      double ar = 0.5 * (x[0][k] + x[0][m]);
      double ai = 0.5 * (x[1][k] - x[1][m]);
      double br = 0.5 * (x[1][k] + x[1][m]);
      double bi = -0.5 * (x[0][k] - x[0][m]);
      prod[0][k] = ar * br + ai * bi;
      prod[1][k] = ar * bi - ai * br;
    }
    FastFourierTransformer.transformInPlace(prod, DftNormalization.STANDARD, TransformType.INVERSE);
    double[] c = new double[2 * maxLag + 1];
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      c[lag + maxLag] = prod[0][(lag + n) & (n - 1)];
    }
    return c;
  }
}
