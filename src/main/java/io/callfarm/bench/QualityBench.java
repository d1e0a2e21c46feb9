package io.callfarm.bench;

import io.callfarm.engine.media.SpeechClips;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Wav;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * How fast {@link AudioAnalyzer} runs: the real-time factor (seconds of audio analysed per second of one core's
 * CPU time, so other load on the machine does not distort it) on a speech pair with noise, loss and delay, and on
 * a real-call-shaped pair (the recording starts earlier and runs 2 s past the reference). Wall-clock figures are
 * printed too.
 *
 * @param seconds reference length, s
 * @param runs    measured analyses per pair (after as many warm-up runs)
 */
public record QualityBench(double seconds, int runs) {

  /** One pair's figures. */
  public record Figures(String pair, double audioSeconds, double cpuMsPerPair, double realTimeFactor,
      double wallMsPerPair, double mosLqo) {
  }

  Figures[] run() {
    PcmAudio ref = speech(seconds);
    return new Figures[] {measure("speech, 120 ms, 25 dB SNR, 5 % frames lost", ref, degrade(ref, 0)),
        measure("real-call shaped: 0.8 s lead-in, 2 s tail", ref, degrade(ref, 2.0))};
  }

  private Figures measure(String name, PcmAudio ref, PcmAudio deg) {
    AudioAnalyzer analyzer = new AudioAnalyzer();
    QualityReport report = null;
    for (int i = 0; i < runs; i++) {
      report = analyzer.analyze(ref, deg);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      report = analyzer.analyze(ref, deg);
    }
    double wall = (System.nanoTime() - start) / 1e9 / runs;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 / runs;
    double audio = deg.durationSeconds();
    return new Figures(name, audio, cpu * 1000, audio / cpu, wall * 1000, report.mosLqo());
  }

  /** {@code seconds} of CMU ARCTIC speech (the shipped clips back to back, repeated as needed) at 16 kHz. */
  static PcmAudio speech(double seconds) {
    float[] out = new float[(int) (16000 * seconds)];
    int filled = 0;
    while (filled < out.length) {
      for (String name : SpeechClips.NAMES) {
        float[] s = Wav.read(SpeechClips.file(name)).samples();
        int n = Math.min(s.length, out.length - filled);
        System.arraycopy(s, 0, out, filled, n);
        filled += n;
      }
    }
    return new PcmAudio(16000, out);
  }

  /** 120 ms later, 25 dB SNR noise, 5 % of 20 ms frames zeroed, plus {@code tailSeconds} of noise after it. */
  private static PcmAudio degrade(PcmAudio ref, double tailSeconds) {
    Random rnd = new Random(42);
    int delay = 16000 * 120 / 1000 + (tailSeconds > 0 ? 16000 * 8 / 10 : 0);
    float[] out = new float[ref.length() + delay + (int) (16000 * tailSeconds)];
    for (int i = 0; i < out.length; i++) {
      int j = i - delay;
      float s = j >= 0 && j < ref.length() ? ref.samples()[j] : 0f;
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
