package io.callfarm.bench;

import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.MediaSettings;
import java.io.IOException;
import java.time.Duration;

/** The benchmarks the {@code callfarm bench} verb runs, each returning its figures as records (JSON-ready). */
public final class Benchmarks {

  /** Bitrate of the Opus-alone reference of the clean-call benchmark, kbit/s. */
  public static final int OPUS_KBPS = CleanCallBench.OPUS_KBPS;

  private Benchmarks() {
  }

  /** The analyser's speed; see {@link QualityBench}. */
  public static QualityBench.Figures[] quality(double seconds, int runs) {
    return new QualityBench(seconds, runs).run();
  }

  /**
   * How many concurrent two-way audio calls this machine carries; see {@link MediaBench}. Runs in a child JVM.
   *
   * @throws IllegalStateException when the benchmark's JVM failed (the message has the end of its output)
   */
  public static MediaBench.Figures media(int calls, double seconds, MediaBench.Mic mic, MediaSettings media,
      MediaBench.Network network) throws IOException, InterruptedException {
    return new MediaBench(calls, seconds, mic, media, network).runInChild();
  }

  /** How clean an unimpaired loopback call is; see {@link CleanCallBench}. */
  public static CleanCallBench.Figures cleanCall(int calls, double seconds, MediaEngine.MicPacing pacing,
      Duration warmUp) throws Exception {
    return new CleanCallBench(calls, seconds, pacing, warmUp).run();
  }
}
