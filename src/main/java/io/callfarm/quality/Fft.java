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
   * Two linear cross-correlations at once, c1[lag] = Σ a1[i]·b1[i + lag] and c2[lag] = Σ a2[i]·b2[i + lag] for
   * lag in [0, maxLag], with three FFTs instead of six: (a1 + i·a2) and (b1 + i·b2) are transformed together,
   * and since both results are real, one inverse transform of (C1 + i·C2) yields c1 in its real part and c2 in
   * its imaginary part.
   *
   * @param a1 first signals' short sides; a1 and a2 have the same length
   * @param b1 first signals' long sides; b1 and b2 have the same length
   * @return {@code {c1, c2}}, each of length maxLag + 1, index = lag
   */
  static double[][] crossCorrelationPair(float[] a1, float[] a2, float[] b1, float[] b2, int maxLag) {
    // circular correlation of size n equals the linear one for lags 0..maxLag when a.length + maxLag <= n
    int n = nextPowerOfTwo(Math.max(b1.length, a1.length + maxLag));
    double[][] a = {new double[n], new double[n]};
    double[][] b = {new double[n], new double[n]};
    for (int i = 0; i < a1.length; i++) {
      a[0][i] = a1[i];
      a[1][i] = a2[i];
    }
    for (int i = 0; i < b1.length; i++) {
      b[0][i] = b1[i];
      b[1][i] = b2[i];
    }
    FastFourierTransformer.transformInPlace(a, DftNormalization.STANDARD, TransformType.FORWARD);
    FastFourierTransformer.transformInPlace(b, DftNormalization.STANDARD, TransformType.FORWARD);
    double[][] prod = {new double[n], new double[n]};
    for (int k = 0; k < n; k++) {
      int m = (n - k) & (n - 1);
      // A1 = (A[k] + conj A[m]) / 2, A2 = (A[k] - conj A[m]) / 2i, likewise B1, B2
      double a1r = 0.5 * (a[0][k] + a[0][m]);
      double a1i = 0.5 * (a[1][k] - a[1][m]);
      double a2r = 0.5 * (a[1][k] + a[1][m]);
      double a2i = -0.5 * (a[0][k] - a[0][m]);
      double b1r = 0.5 * (b[0][k] + b[0][m]);
      double b1i = 0.5 * (b[1][k] - b[1][m]);
      double b2r = 0.5 * (b[1][k] + b[1][m]);
      double b2i = -0.5 * (b[0][k] - b[0][m]);
      // C1 = conj(A1)·B1, C2 = conj(A2)·B2; transform C1 + i·C2
      double c1r = a1r * b1r + a1i * b1i;
      double c1i = a1r * b1i - a1i * b1r;
      double c2r = a2r * b2r + a2i * b2i;
      double c2i = a2r * b2i - a2i * b2r;
      prod[0][k] = c1r - c2i;
      prod[1][k] = c1i + c2r;
    }
    FastFourierTransformer.transformInPlace(prod, DftNormalization.STANDARD, TransformType.INVERSE);
    double[] c1 = new double[maxLag + 1];
    double[] c2 = new double[maxLag + 1];
    for (int lag = 0; lag <= maxLag; lag++) {
      c1[lag] = prod[0][lag];
      c2[lag] = prod[1][lag];
    }
    return new double[][] {c1, c2};
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
