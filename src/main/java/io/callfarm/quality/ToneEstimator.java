package io.callfarm.quality;

/**
 * Measures a test tone: its dominant frequency and level, e.g. to check that a 1 kHz tone sent into a call
 * arrives as 1 kHz at the far end. The frequency comes from the peak of a Hann-windowed, zero-padded FFT over
 * the whole signal, refined by Gaussian (log-parabolic) interpolation of the three bins around the peak;
 * for a clean 1 s tone the error is far below 0.1 Hz.
 */
public final class ToneEstimator {

  /** At most this many samples are analysed (from the start), to bound the FFT size. */
  private static final int MAX_SAMPLES = 1 << 20;

  private ToneEstimator() {
  }

  /**
   * The frequency of the strongest spectral component, Hz, excluding DC.
   *
   * @param audio at least 64 samples, not silent
   * @throws AnalysisException {@code too_short} or {@code empty}
   */
  public static double dominantFrequencyHz(PcmAudio audio) {
    int n = Math.min(audio.length(), MAX_SAMPLES);
    if (n < 64) {
      throw new AnalysisException(AnalysisException.Code.TOO_SHORT,
          "tone analysis needs at least 64 samples, got " + n);
    }
    int size = Fft.nextPowerOfTwo(n) * 2; // zero-padding halves the bin spacing
    double[] frame = new double[size];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += audio.samples()[i];
    }
    mean /= n;
    for (int i = 0; i < n; i++) {
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
      frame[i] = (audio.samples()[i] - mean) * w;
    }
    double[] p = Fft.power(frame);
    int peak = 1;
    for (int k = 2; k < p.length - 1; k++) {
      if (p[k] > p[peak]) {
        peak = k;
      }
    }
    if (p[peak] <= 0) {
      throw new AnalysisException(AnalysisException.Code.EMPTY, "the signal is silent; no tone to measure");
    }
    double a = Math.log(Math.max(p[peak - 1], 1e-300));
    double b = Math.log(p[peak]);
    double c = Math.log(Math.max(p[peak + 1], 1e-300));
    double denom = a - 2 * b + c;
    double offset = denom < 0 ? 0.5 * (a - c) / denom : 0;
    return (peak + offset) * audio.sampleRate() / (double) size;
  }

  /** RMS level of the signal in dBov (a full-scale sine is −3.01 dBov). */
  public static double levelDbov(PcmAudio audio) {
    return Levels.dbov(audio);
  }
}
