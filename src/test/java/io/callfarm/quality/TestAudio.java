package io.callfarm.quality;

import io.callfarm.engine.media.SpeechClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Signals and ground-truth degradations the quality tests are built from. Recorded data lives in the project:
 * speech clips in {@code src/main/resources/speech} ({@link SpeechClips}), calibration and conformance pairs in
 * {@code src/test/resources/quality}; everything else is generated with seeded randomness so every run sees the
 * same samples.
 */
final class TestAudio {

  static final int RATE = 16000;

  private TestAudio() {
  }

  /** {@code src/test/resources/quality/<relative>}, failing with a clear message if it is missing. */
  static Path data(String relative) {
    Path p = Path.of("src", "test", "resources", "quality").resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("test data missing: " + p.toAbsolutePath()
          + " (run the tests from the project root, as Maven does)");
    }
    return p;
  }

  /** About 7.9 s of speech at 16 kHz: two CMU ARCTIC sentences back to back. */
  static PcmAudio speech() {
    return concat(Wav.read(SpeechClips.file("cmu_arctic_us_aew_a0001")),
        Wav.read(SpeechClips.file("cmu_arctic_us_aew_a0002")));
  }

  /** About 5.8 s of another talker saying other sentences (CMU ARCTIC axb a0004, a0006). */
  static PcmAudio otherSpeech() {
    return concat(Wav.read(SpeechClips.file("cmu_arctic_us_axb_a0004")),
        Wav.read(SpeechClips.file("cmu_arctic_us_axb_a0006")));
  }

  static PcmAudio concat(PcmAudio a, PcmAudio b) {
    float[] out = new float[a.length() + b.length()];
    System.arraycopy(a.samples(), 0, out, 0, a.length());
    System.arraycopy(b.samples(), 0, out, a.length(), b.length());
    return new PcmAudio(a.sampleRate(), out);
  }

  /** A sine of {@code hz} at {@code amplitude} (full scale 1.0) lasting {@code seconds}. */
  static PcmAudio tone(int rate, double hz, double amplitude, double seconds) {
    float[] s = new float[(int) Math.round(rate * seconds)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return new PcmAudio(rate, s);
  }

  /**
   * A continuously voiced speech-like signal (no pauses): harmonics of a gliding 90-180 Hz pitch with a
   * syllable-rate amplitude modulation, at about −26 dBov.
   */
  static PcmAudio voiced(double seconds, long seed) {
    Random rnd = new Random(seed);
    float[] s = new float[(int) (RATE * seconds)];
    double phase = 0;
    double[] amps = new double[20];
    for (int h = 0; h < amps.length; h++) {
      amps[h] = (0.5 + rnd.nextDouble()) / (h + 1);
    }
    for (int i = 0; i < s.length; i++) {
      double t = i / (double) RATE;
      double f0 = 135 + 45 * Math.sin(2 * Math.PI * 0.7 * t);
      phase += 2 * Math.PI * f0 / RATE;
      double v = 0;
      for (int h = 0; h < amps.length; h++) {
        v += amps[h] * Math.sin((h + 1) * phase);
      }
      double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
      s[i] = (float) (0.03 * envelope * v + 0.001 * rnd.nextGaussian());
    }
    return new PcmAudio(RATE, s);
  }

  /** {@code a} delayed by {@code ms} (leading zeros), same length plus the delay. */
  static PcmAudio delayed(PcmAudio a, double ms) {
    int n = (int) Math.round(ms * a.sampleRate() / 1000);
    float[] out = new float[a.length() + n];
    System.arraycopy(a.samples(), 0, out, n, a.length());
    return new PcmAudio(a.sampleRate(), out);
  }

  /** White Gaussian noise added at {@code snrDb} relative to the signal's mean power. */
  static PcmAudio withNoise(PcmAudio a, double snrDb, long seed) {
    Random rnd = new Random(seed);
    double p = 0;
    for (float v : a.samples()) {
      p += v * v;
    }
    double sigma = Math.sqrt(p / a.length() / Math.pow(10, snrDb / 10));
    float[] out = new float[a.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (a.samples()[i] + sigma * rnd.nextGaussian());
    }
    return new PcmAudio(a.sampleRate(), out);
  }

  /**
   * A codec-like rate ladder: optional band-limiting to 4 kHz (down to 8 kHz and back) and μ-law companding
   * quantised to {@code bits} bits per sample.
   */
  static PcmAudio codec(PcmAudio a, boolean narrowband, int bits) {
    PcmAudio x = narrowband ? Resampler.resample(a, 8000) : a;
    double mu = 255;
    int levels = 1 << (bits - 1);
    float[] out = new float[x.length()];
    for (int i = 0; i < out.length; i++) {
      double v = Math.max(-1, Math.min(1, x.samples()[i]));
      double y = Math.signum(v) * Math.log1p(mu * Math.abs(v)) / Math.log1p(mu);
      double q = Math.round(y * levels) / (double) levels;
      out[i] = (float) (Math.signum(q) * (Math.pow(1 + mu, Math.abs(q)) - 1) / mu);
    }
    PcmAudio coded = new PcmAudio(x.sampleRate(), out);
    return narrowband ? Resampler.resample(coded, a.sampleRate()) : coded;
  }

  /** Amplified by {@code gainDb} then hard-clipped at full scale. */
  static PcmAudio clipped(PcmAudio a, double gainDb) {
    float g = (float) Math.pow(10, gainDb / 20);
    float[] out = new float[a.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(-1f, Math.min(1f, a.samples()[i] * g));
    }
    return new PcmAudio(a.sampleRate(), out);
  }

  /**
   * Drops 20 ms frames independently with probability {@code share}. Without concealment a lost frame is
   * zeros. With it, a lost frame is filled like a basic packet-loss concealer: the last pitch period (found by
   * autocorrelation, 2.5-15 ms) is repeated, attenuated by 0.7 per consecutive lost frame, and cross-faded
   * over 2.5 ms into the next received frame.
   *
   * @param lostOut receives, in {@code lostOut[0]}, the number of frames actually dropped
   */
  static PcmAudio frameLoss(PcmAudio a, double share, boolean conceal, long seed, int[] lostOut) {
    Random rnd = new Random(seed);
    int frame = a.sampleRate() / 50;
    float[] out = a.samples().clone();
    int lost = 0;
    int run = 0;
    int period = 0;
    for (int f = 2; (f + 2) * frame <= out.length; f++) {
      if (rnd.nextDouble() >= share) {
        run = 0;
        continue;
      }
      lost++;
      run++;
      int start = f * frame;
      if (!conceal) {
        java.util.Arrays.fill(out, start, start + frame, 0f);
        continue;
      }
      if (run == 1) {
        period = pitchPeriod(out, start, a.sampleRate());
      }
      float gain = (float) Math.pow(0.7, run - 1);
      int fade = a.sampleRate() / 400;
      for (int i = start; i < start + frame + fade; i++) {
        float v = out[i - period] * (i < start + frame ? gain : 1f);
        if (i >= start + frame) {
          float w = (i - start - frame) / (float) fade; // cross-fade into the next received frame
          v = (1 - w) * v + w * a.samples()[i];
        }
        out[i] = v;
      }
    }
    lostOut[0] = lost;
    return new PcmAudio(a.sampleRate(), out);
  }

  /** Pitch period in samples ending at {@code end}: the autocorrelation peak between 2.5 and 15 ms. */
  private static int pitchPeriod(float[] x, int end, int rate) {
    int min = rate / 400;
    int max = rate * 15 / 1000;
    int win = rate * 15 / 1000;
    int best = max;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int lag = min; lag <= max; lag++) {
      double c = 0;
      double e = 1e-12;
      for (int i = end - win; i < end; i++) {
        c += x[i] * x[i - lag];
        e += x[i - lag] * x[i - lag];
      }
      double v = c / Math.sqrt(e);
      if (v > bestValue) {
        bestValue = v;
        best = lag;
      }
    }
    return best;
  }
}
