package io.callfarm.bench;

import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Prints the real-time factor of {@link AudioAnalyzer} (seconds of audio analysed per second of one core) on
 * an 8 s speech pair at 16 kHz with noise, loss and 120 ms delay. Goal: at least 100x. Run with
 * {@code java -cp target/classes:target/test-classes:<runtime classpath> io.callfarm.bench.QualityBench}
 * from the project root (reads {@code ../shared/data/speech}).
 */
public final class QualityBench {

  private static final int WARM_UP = 5;
  private static final int RUNS = 20;

  private QualityBench() {
  }

  public static void main(String[] args) {
    PcmAudio ref = speech(8.0);
    PcmAudio deg = degrade(ref);
    AudioAnalyzer analyzer = new AudioAnalyzer();
    QualityReport report = null;
    for (int i = 0; i < WARM_UP; i++) {
      report = analyzer.analyze(ref, deg);
    }
    long start = System.nanoTime();
    for (int i = 0; i < RUNS; i++) {
      report = analyzer.analyze(ref, deg);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double perPair = seconds / RUNS;
    System.out.printf(Locale.ROOT, "analysed %d x %.1f s pair: %.1f ms per pair, real-time factor %.0fx "
        + "(goal >= 100x)%n", RUNS, ref.durationSeconds(), perPair * 1000, ref.durationSeconds() / perPair);
    System.out.println(report);
  }

  /** {@code seconds} of CMU ARCTIC speech from ../shared/data/speech, sentences back to back. */
  private static PcmAudio speech(double seconds) {
    Path dir = Path.of("..", "shared", "data", "speech");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("shared data missing: " + dir.toAbsolutePath().normalize()
          + "; run from the project root with ../shared/data beside it");
    }
    float[] out = new float[(int) (16000 * seconds)];
    int filled = 0;
    String[] names = {"cmu_arctic_us_aew_a0001.wav", "cmu_arctic_us_aew_a0002.wav", "cmu_arctic_us_aew_a0003.wav"};
    for (String name : names) {
      float[] s = Wav.read(dir.resolve(name)).samples();
      int n = Math.min(s.length, out.length - filled);
      System.arraycopy(s, 0, out, filled, n);
      filled += n;
    }
    return new PcmAudio(16000, out);
  }

  /** 120 ms later, 25 dB SNR noise, 5 % of 20 ms frames zeroed. */
  private static PcmAudio degrade(PcmAudio ref) {
    Random rnd = new Random(42);
    int delay = 16000 * 120 / 1000;
    float[] out = new float[ref.length() + delay];
    for (int i = 0; i < out.length; i++) {
      float s = i >= delay ? ref.samples()[i - delay] : 0f;
      out[i] = (float) (s + 0.002 * rnd.nextGaussian());
    }
    for (int f = 0; (f + 1) * 320 <= out.length; f++) {
      if (rnd.nextDouble() < 0.05) {
        java.util.Arrays.fill(out, f * 320, (f + 1) * 320, 0f);
      }
    }
    return new PcmAudio(16000, out);
  }
}
