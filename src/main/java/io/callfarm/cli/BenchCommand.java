package io.callfarm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callfarm.bench.Benchmarks;
import io.callfarm.bench.MediaBench;
import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.MediaSettings;
import io.callfarm.engine.media.OpusSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code callfarm bench}: benchmarks that print figures (text, or JSON with {@code --json}) and assert nothing.
 * Exit code 0 when the benchmark ran, 1 when it failed (a coded message says why), 2 for invalid options.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures: media (concurrent two-way audio calls: concealment and CPU per "
        + "call), quality (analyser speed), clean-call (how clean an unimpaired loopback call is, against Opus "
        + "alone).",
    subcommands = {BenchCommand.Media.class, BenchCommand.Quality.class, BenchCommand.CleanCall.class})
final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  private static String json(Object figures) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("figures not serialisable: " + e.getMessage(), e);
    }
  }

  @Command(name = "media", mixinStandardHelpOptions = true,
      description = "Concurrent 1v1 calls with two-way real WebRTC audio between virtual devices in a child JVM, "
          + "all up at once: after a 3 s warm-up, the share of concealed samples over the window, the share of real "
          + "time played, NetEq's time-stretching, and the CPU per call (%% of one core), by thread kind.")
  static final class Media implements Callable<Integer> {
    /** Calls at most: 2 devices each, every device holds a few sockets and native threads. */
    static final int MAX_CALLS = 400;

    @Option(names = "--calls", defaultValue = "25", description = "concurrent calls, 1.." + MAX_CALLS
        + " (default ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--seconds", defaultValue = "10", description = "measurement window, 2..600 s (default "
        + "${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--mic", defaultValue = "TONE", description = "what every microphone plays: TONE (a sine per "
        + "device) or SPEECH (the shipped clips); default ${DEFAULT-VALUE}")
    MediaBench.Mic mic;

    @Option(names = "--network", defaultValue = "DIRECT", description = "DIRECT (socket to socket on 127.0.0.1) or "
        + "FABRIC (through the link emulator's relays, unimpaired, as scenario runs); default ${DEFAULT-VALUE}")
    MediaBench.Network network;

    @Option(names = "--receive-sides", description = "shared receive stacks (one playout thread each), 1..16 "
        + "(default: one per core)")
    Integer receiveSides;

    @Option(names = "--ptime", defaultValue = "20", description = "Opus packet duration the receivers ask for: 10, "
        + "20, 40 or 60 ms (default ${DEFAULT-VALUE}, libwebrtc's)")
    int ptime;

    @Option(names = "--opus-bitrate", defaultValue = "32000", description = "Opus maxaveragebitrate the receivers "
        + "ask for, 6000..510000 bit/s (default ${DEFAULT-VALUE}, libwebrtc's)")
    int opusBitrate;

    @Option(names = "--dtx", description = "ask for Opus DTX (a packet every 400 ms in silence)")
    boolean dtx;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      MediaSettings settings;
      try {
        if (calls < 1 || calls > MAX_CALLS || !(seconds >= 2 && seconds <= 600)) {
          throw new IllegalArgumentException("--calls must be 1.." + MAX_CALLS + " and --seconds 2..600 (got "
              + "--calls " + calls + " --seconds " + seconds + ")");
        }
        MediaSettings defaults = MediaSettings.defaults();
        settings = defaults.withReceiveSides(receiveSides == null ? defaults.receiveSides() : receiveSides)
            .withOpus(new OpusSettings(ptime, opusBitrate, dtx));
      } catch (IllegalArgumentException e) {
        err.println("error invalid_argument: " + e.getMessage());
        err.flush();
        return 2;
      }
      MediaBench.Figures f;
      try {
        f = Benchmarks.media(calls, seconds, mic, settings, network);
      } catch (IllegalStateException | IOException | InterruptedException e) {
        err.println("error bench_failed: " + e.getMessage());
        err.flush();
        return 1;
      }
      if (json) {
        out.println(json(f));
        out.flush();
        return 0;
      }
      out.printf(Locale.ROOT, "%s, %s%n", f.date(), f.machine());
      out.printf(Locale.ROOT, "network %s, receive sides %d, Opus ptime %d ms, %d bit/s, DTX %s%n", f.network(),
          f.receiveSides(), f.opus().ptimeMs(), f.opus().maxAverageBitrateBps(), f.opus().dtx() ? "on" : "off");
      out.printf(Locale.ROOT, "%d calls (%s), %.0f s window: concealed %.3f %% (worst link %.3f %%, %d links "
          + ">= 2 %%), played %.1f %% of real time, time-stretched %.3f %%, %.1f packets/s per link%n", f.calls(),
          f.mic(), f.seconds(), f.concealedPercent(), f.worstLinkConcealedPercent(), f.linksOver2Percent(),
          f.playedPercent(), f.stretchedPercent(), f.packetsPerSecond());
      out.printf(Locale.ROOT, "CPU %.2f %% of a core per call (process %.1f %%, machine busy %.1f %% of "
          + "all cores), %d threads, set-up %.1f s, resident %.0f MiB%n", f.cpuPercentPerCall(),
          f.processCpuPercent(), f.machineBusyPercent(), f.threads(), f.setupSeconds(), f.residentMib());
      out.println("CPU by thread kind, % of one core: " + f.cpuByThread());
      out.flush();
      return 0;
    }
  }

  @Command(name = "quality", mixinStandardHelpOptions = true,
      description = "Real-time factor of the audio analyser on one core (CPU time), on a synthetic speech pair "
          + "and on a real-call-shaped one (lead-in and tail).")
  static final class Quality implements Callable<Integer> {
    /**
     * Longest reference, s: the synthetic pairs and the analyser's buffers grow with it (100000 s ran out of
     * memory); 600 s is thirty times the longest recording in src/test/resources (20 s).
     */
    static final int MAX_QUALITY_SECONDS = 600;

    @Option(names = "--seconds", defaultValue = "8", description = "reference length, s (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--runs", defaultValue = "10", description = "analyses per pair (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      // written so that NaN, which fails every comparison, is refused too
      if (!(seconds >= 2 && seconds <= MAX_QUALITY_SECONDS) || runs < 1) {
        System.err.println("error invalid_argument: --seconds 2.." + MAX_QUALITY_SECONDS + ", --runs >= 1");
        return 2;
      }
      var figures = Benchmarks.quality(seconds, runs);
      if (json) {
        System.out.println(json(figures));
      } else {
        for (var f : figures) {
          System.out.printf(Locale.ROOT, "%-45s %5.1f s audio: %6.1f ms CPU, %5.0fx real time on one core "
              + "(wall %6.1f ms), MOS %.2f%n", f.pair(), f.audioSeconds(), f.cpuMsPerPair(), f.realTimeFactor(),
              f.wallMsPerPair(), f.mosLqo());
        }
      }
      return 0;
    }
  }

  @Command(name = "clean-call", mixinStandardHelpOptions = true,
      description = "Unimpaired loopback 1v1 calls with speech between two virtual devices: MOS-LQO, delay and "
          + "playout adjustments per call, next to Opus alone (needs Debian's opus-tools for that figure).")
  static final class CleanCall implements Callable<Integer> {
    @Option(names = "--calls", defaultValue = "5", description = "calls (default ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--seconds", defaultValue = "10", description = "talk per call, s (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--pacing", defaultValue = "PLAYOUT",
        description = "microphone pacing: PLAYOUT (the receivers' real rate) or NOMINAL (exactly 48 kHz, the "
            + "drifting set-up before 2026-12-01); default ${DEFAULT-VALUE}")
    MediaEngine.MicPacing pacing;

    @Option(names = "--warm-up-ms", defaultValue = "1000",
        description = "microphone warm-up after the connection is up, ms (default ${DEFAULT-VALUE}; 0 = the "
            + "set-up before 2026-12-01)")
    long warmUpMs;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      // written so that NaN, which fails every comparison, is refused too
      if (calls < 1 || calls > 100 || !(seconds >= 3 && seconds <= 120) || warmUpMs < 0 || warmUpMs > 10_000) {
        System.err.println("error invalid_argument: --calls 1..100, --seconds 3..120, --warm-up-ms 0..10000");
        return 2;
      }
      var figures = Benchmarks.cleanCall(calls, seconds, pacing, Duration.ofMillis(warmUpMs));
      if (json) {
        System.out.println(json(figures));
        return 0;
      }
      System.out.printf(Locale.ROOT, "%4s %6s %9s %17s %12s %10s %10s%n", "call", "MOS", "delay ms",
          "delay range ms", "adjustments", "in speech", "concealed%");
      int i = 1;
      for (var c : figures.calls()) {
        System.out.printf(Locale.ROOT, "%4d %6.2f %9.1f %8.1f..%-8.1f %12d %10d %10.2f%n", i++, c.mosLqo(),
            c.delayMs(), c.delayMinMs(), c.delayMaxMs(), c.playoutAdjustments(), c.playoutAdjustmentsInSpeech(),
            c.concealedPercent());
      }
      System.out.printf(Locale.ROOT, "mean MOS %.2f, min %.2f, playout adjustments in speech per call %.1f%n",
          figures.meanMos(), figures.minMos(), figures.meanAdjustmentsInSpeech());
      if (figures.codecOnlyMos() != null) {
        System.out.printf(Locale.ROOT, "Opus %d kbit/s alone: MOS %.2f (%s); the call is %.2f below it%n",
            Benchmarks.OPUS_KBPS, figures.codecOnlyMos(), figures.codecOnlyNote(),
            figures.codecOnlyMos() - figures.meanMos());
      } else {
        System.out.println("Opus alone: " + figures.codecOnlyNote());
      }
      return 0;
    }
  }
}
