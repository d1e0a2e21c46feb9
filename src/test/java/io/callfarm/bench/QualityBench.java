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
 * an 8 s speech pair at 16 kHz with noise, loss and 120 ms delay. Goal: at least 100x. The figure uses the
 * thread's CPU time, so other load on a shared machine does not distort it; wall-clock time is printed too. Run with
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
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < RUNS; i++) {
      report = analyzer.analyze(ref, deg);
    }
    double wall = (System.nanoTime() - start) / 1e9 / RUNS;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 / RUNS;
    System.out.printf(Locale.ROOT, "analysed %d x %.1f s pair: %.1f ms CPU per pair, real-time factor %.0fx on one "
        + "core (goal >= 100x); wall clock %.1f ms, %.0fx%n", RUNS, ref.durationSeconds(), cpu * 1000,
        ref.durationSeconds() / cpu, wall * 1000, ref.durationSeconds() / wall);
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
