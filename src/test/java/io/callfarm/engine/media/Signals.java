package io.callfarm.engine.media;

/** Test-side measurements on 48 kHz mono PCM: level in dBov and the dominant frequency (Goertzel scan). */
final class Signals {

  private Signals() {
  }

  /** RMS level in dBov ({@code 20·log10(RMS/32768)}) of {@code pcm[from, from+length)}. */
  static double levelDbov(short[] pcm, int from, int length) {
    double sum = 0;
    for (int i = from; i < from + length; i++) {
      sum += (double) pcm[i] * pcm[i];
    }
    return 10 * Math.log10(sum / length / (32768.0 * 32768.0));
  }

  /** Frequency (Hz, 0.25 Hz steps, Hann window) of the strongest component between 50 and 4000 Hz in the window. */
  static double dominantFrequency(short[] pcm, int from, int length) {
    double[] x = new double[length];
    for (int i = 0; i < length; i++) {
      x[i] = pcm[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (length - 1)));
    }
    double best = 0;
    double bestPower = -1;
    for (double hz = 50; hz <= 4000; hz += 2) {
      double p = power(x, hz);
      if (p > bestPower) {
        bestPower = p;
        best = hz;
      }
    }
    double coarse = best;
    for (double hz = coarse - 2; hz <= coarse + 2; hz += 0.25) {
      double p = power(x, hz);
      if (p > bestPower) {
        bestPower = p;
        best = hz;
      }
    }
    return best;
  }

  private static double power(double[] x, double hz) {
    double coefficient = 2 * Math.cos(2 * Math.PI * hz / MicSource.SAMPLE_RATE);
    double s1 = 0;
    double s2 = 0;
    for (double v : x) {
      double s = v + coefficient * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  }
}
