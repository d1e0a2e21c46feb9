package io.callfarm.bench;

import io.callfarm.engine.media.CandidateRewriter;
import io.callfarm.engine.media.DeviceMedia;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.MediaListener;
import io.callfarm.engine.media.MediaSettings;
import io.callfarm.engine.media.OpusSettings;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.engine.media.MicSource;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Resampler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * How many concurrent 1v1 calls with two-way audio one JVM carries: {@code calls} calls between virtual devices of
 * one {@link MediaEngine} (real WebRTC, Opus, NetEq, loopback UDP), all up at once; after a warm-up, the share of
 * concealed samples over a {@code seconds} window (concealedSamples / totalSamplesReceived, all links), the CPU the
 * process used per call (% of one core) and by thread kind. Nothing is recorded to disk. Asserts nothing.
 *
 * <p>Concealment alone can look good while the machine falls behind (a starved playout thread pulls less, so fewer
 * samples are played and fewer concealed), so the figures also say how much of real time was played
 * ({@code playedPercent}, 100 when every receiver kept pace) and how much NetEq time-stretched.
 *
 * @param calls   concurrent calls (2 devices each)
 * @param seconds measurement window after the warm-up, s
 * @param mic     what every microphone plays
 * @param media   how the engine runs (receive sides, Opus parameters)
 * @param network how the media travels
 */
public record MediaBench(int calls, double seconds, Mic mic, MediaSettings media, Network network) {

  /** Warm-up after every link plays audio, before the window: NetEq settles in the first 0.5-0.9 s. */
  static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** How long all links may take to start playing. */
  static final long SETUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
  /** How long one stats snapshot of all devices may take. */
  static final long SNAPSHOT_TIMEOUT_SECONDS = 30;

  /** What the microphones play. */
  public enum Mic {
    /** A -20 dBov sine per device, each at its own frequency. */
    TONE,
    /** The shipped speech clips, looped, each device starting at its own offset. */
    SPEECH
  }

  /** How the media travels between the devices. */
  public enum Network {
    /** Straight between the peer connections' sockets on 127.0.0.1. */
    DIRECT,
    /**
     * Through the link emulator ({@code NetworkFabric}) with every profile unimpaired, as scenario runs carry it:
     * the sender's uplink relay, then the receiver's downlink relay.
     */
    FABRIC
  }

  /**
   * The figures of one run.
   *
   * @param date                   when it ran (UTC, seconds)
   * @param machine                cores, CPU model, OS, Java
   * @param calls                  concurrent two-way calls
   * @param seconds                measurement window, s
   * @param mic                    what the microphones played
 * @param network                how the media travelled
 * @param receiveSides           shared receive stacks the incoming connections were spread over
 * @param opus                   the Opus parameters the receivers asked for
   * @param concealedPercent       concealed / played samples over the window, all links, %
   * @param worstLinkConcealedPercent the same for the worst link, %
   * @param linksOver2Percent      links whose own share was 2 % or more
   * @param playedPercent          samples played / samples real time would have played, all links, %
   * @param stretchedPercent       samples NetEq inserted or removed to change the pace / played, %
   * @param packetsPerSecond       RTP packets received per second per link (50 at 20 ms packets)
 * @param cpuPercentPerCall      process CPU over the window / calls, % of one core
   * @param processCpuPercent      process CPU over the window, % of one core (the machine has cores x 100)
   * @param machineBusyPercent     share of all cores busy in the window, other processes included, %
   * @param cpuByThread            process CPU by thread kind, % of one core, largest first
   * @param threads                the process's threads (native ones included) during the window
   * @param setupSeconds           from the first device to every link playing audio, s
   * @param residentMib            resident memory of the process after the window, MiB
   */
  public record Figures(String date, String machine, int calls, double seconds, Mic mic, Network network,
      int receiveSides,
      OpusSettings opus, double concealedPercent,
      double worstLinkConcealedPercent, int linksOver2Percent, double playedPercent, double stretchedPercent,
      double packetsPerSecond, double cpuPercentPerCall, double processCpuPercent, double machineBusyPercent,
      Map<String, Double> cpuByThread, int threads, double setupSeconds, double residentMib) {
  }

  /** Child JVM options, e.g. {@code -XX:StartFlightRecording=...} to profile the benchmark. */
  static final String JAVA_OPTS_ENV = "CALLFARM_BENCH_JAVA_OPTS";
  /**
   * How long a child may take beyond its set-up, warm-up and window before it is stopped: three stats snapshots
   * (the last of the set-up, the window's two) and a minute for starting the JVM and closing every connection.
   */
  private static final long CHILD_MARGIN_SECONDS = 3 * SNAPSHOT_TIMEOUT_SECONDS + 60;

  /**
   * Runs this benchmark in a child JVM ({@link MediaBenchChild}; options from env {@value #JAVA_OPTS_ENV}) and
   * returns its figures. The child's own output goes to a log file that is deleted when the run succeeds.
   *
   * @throws IllegalStateException when the child fails, crashes or overruns; the message has the end of its log
   */
  Figures runInChild() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("callfarm-bench-media-");
    Path out = dir.resolve("figures.json");
    Path log = dir.resolve("child.log");
    List<String> command = childCommand(System.getenv(JAVA_OPTS_ENV), out);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Thread stop = new Thread(child::destroyForcibly, "callfarm-bench-child-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      long limit = TimeUnit.NANOSECONDS.toSeconds(SETUP_TIMEOUT_NANOS + WARM_UP_NANOS) + (long) seconds
          + CHILD_MARGIN_SECONDS;
      boolean ended = child.waitFor(limit, TimeUnit.SECONDS);
      if (!ended || child.exitValue() != 0 || !Files.exists(out)) {
        child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        String text = Files.exists(log) ? Files.readString(log) : "";
        throw new IllegalStateException("the benchmark JVM " + (ended ? "ended with code " + child.exitValue()
            + (child.exitValue() > 128 ? " (killed by signal " + (child.exitValue() - 128) + ")" : "")
            : "did not finish within " + limit + " s") + "; the end of its output (" + log + "):\n"
            + text.substring(Math.max(0, text.length() - 3000)));
      }
      Figures figures = new ObjectMapper().readValue(out.toFile(), Figures.class);
      Files.deleteIfExists(out);
      Files.deleteIfExists(log);
      Files.deleteIfExists(dir);
      return figures;
    } finally {
      Runtime.getRuntime().removeShutdownHook(stop);
      child.destroyForcibly();
    }
  }

  /**
   * The child's command line: this JVM's java and class path, ParallelGC unless {@code javaOptions} (blank-separated,
   * may be null) chooses a collector, those options, then {@link MediaBenchChild}'s arguments ending with
   * {@code out}.
   */
  List<String> childCommand(String javaOptions, Path out) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opts = javaOptions == null ? "" : javaOptions.trim();
    if (!opts.matches(".*-XX:\\+Use[A-Za-z0-9]*GC.*")) {
      command.add("-XX:+UseParallelGC");
    }
    if (!opts.isEmpty()) {
      command.addAll(List.of(opts.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), MediaBenchChild.class.getName(),
        Integer.toString(calls), Double.toString(seconds), mic.name(), network.name(),
        Integer.toString(media.receiveSides()), Integer.toString(media.opus().ptimeMs()),
        Integer.toString(media.opus().maxAverageBitrateBps()), Boolean.toString(media.opus().dtx()),
        out.toString()));
    return command;
  }

  Figures run() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, DeviceMedia> directory = new ConcurrentHashMap<>();
    List<DeviceMedia> devices = new ArrayList<>();
    PcmAudio speech = mic == Mic.SPEECH ? Resampler.resample(QualityBench.speech(12), MicSource.SAMPLE_RATE) : null;
    try (MediaEngine engine = new MediaEngine(media);
        NetworkFabric fabric = network == Network.FABRIC ? new NetworkFabric(1) : null) {
      long setupStart = System.nanoTime();
      for (int n = 0; n < calls; n++) {
        DeviceMedia a = device(engine, fabric, directory, "a" + n, micFor(2 * n, speech));
        DeviceMedia b = device(engine, fabric, directory, "b" + n, micFor(2 * n + 1, speech));
        devices.add(a);
        devices.add(b);
        a.connect(b.localUserId());
        b.connect(a.localUserId());
      }
      awaitAllPlaying(devices, setupStart);
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
      LockSupport.parkNanos(WARM_UP_NANOS);

      // the window runs from the middle of the first stats snapshot to the middle of the second (each takes a
      // while with hundreds of links); CPU is read next to them
      long startA = System.nanoTime();
      Map<String, LinkStats> before = snapshot(devices);
      long startB = System.nanoTime();
      ThreadCpu threadsBefore = ThreadCpu.snapshot();
      long[] machineBefore = Machine.cpuJiffies();
      long cpuBefore = os.getProcessCpuTime();
      LockSupport.parkNanos((long) (seconds * 1e9));
      long cpuAfter = os.getProcessCpuTime();
      long[] machineAfter = Machine.cpuJiffies();
      ThreadCpu threadsAfter = ThreadCpu.snapshot();
      long endA = System.nanoTime();
      Map<String, LinkStats> after = snapshot(devices);
      long endB = System.nanoTime();
      double wall = ((endA + endB) / 2 - (startA + startB) / 2) / 1e9;
      double cpuWall = (endA - startB) / 1e9;

      long concealed = 0;
      long played = 0;
      long stretched = 0;
      long packets = 0;
      double worst = 0;
      int over = 0;
      for (Map.Entry<String, LinkStats> e : after.entrySet()) {
        LinkStats a = e.getValue();
        LinkStats b = before.get(e.getKey());
        long c = a.concealedSamples() - (b == null ? 0 : b.concealedSamples());
        long p = a.totalSamplesReceived() - (b == null ? 0 : b.totalSamplesReceived());
        long s = a.insertedSamplesForDeceleration() + a.removedSamplesForAcceleration()
            - (b == null ? 0 : b.insertedSamplesForDeceleration() + b.removedSamplesForAcceleration());
        packets += a.packetsReceived() - (b == null ? 0 : b.packetsReceived());
        concealed += c;
        played += p;
        stretched += s;
        double share = p == 0 ? 100 : 100.0 * c / p;
        worst = Math.max(worst, share);
        if (share >= 2) {
          over++;
        }
      }
      int links = 2 * calls;
      double expected = links * (double) MicSource.SAMPLE_RATE * wall;
      double cpu = 100.0 * (cpuAfter - cpuBefore) / 1e9 / cpuWall;
      return new Figures(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Machine.describe(), calls,
          seconds, mic, network, media.receiveSides(), media.opus(),
          round(played == 0 ? 100 : 100.0 * concealed / played, 3), round(worst, 3), over,
          round(100 * played / expected, 1), round(played == 0 ? 0 : 100.0 * stretched / played, 3),
          round(packets / (double) links / wall, 1), round(cpu / calls, 2), round(cpu, 1), round(Machine.busyPercent(machineBefore, machineAfter), 1),
          threadsAfter.percentSince(threadsBefore, cpuWall), threadsAfter.threads(), round(setupSeconds, 1),
          round(Machine.residentMib(), 0));
    }
  }

  private MicSource micFor(int index, PcmAudio speech) {
    return switch (mic) {
      case TONE -> MicSource.tone(300 + 7 * index % 3000, -20);
      case SPEECH -> new OffsetSource(MicSource.of(speech, true), index * 4_800L);
    };
  }

  /** Every link has played some audio, or the setup timeout passed (then the window shows what failed). */
  private static void awaitAllPlaying(List<DeviceMedia> devices, long start) {
    while (System.nanoTime() - start < SETUP_TIMEOUT_NANOS) {
      Map<String, LinkStats> stats = snapshot(devices);
      if (stats.size() == devices.size() && stats.values().stream().allMatch(s -> s.totalSamplesReceived() > 0)) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
  }

  /**
   * Every device's incoming link stats, keyed "receiver<-sender": all devices are asked first, then waited for
   * together, up to {@value #SNAPSHOT_TIMEOUT_SECONDS} s.
   *
   * @throws IllegalStateException when WebRTC did not answer in time (the machine is far beyond its capacity)
   */
  private static Map<String, LinkStats> snapshot(List<DeviceMedia> devices) {
    Map<DeviceMedia, CompletableFuture<Map<String, LinkStats>>> pending = new java.util.LinkedHashMap<>();
    for (DeviceMedia device : devices) {
      pending.put(device, device.statsAsync());
    }
    try {
      CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
          .get(SNAPSHOT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while collecting stats", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the stats of " + devices.size() + " devices were not collected within "
          + SNAPSHOT_TIMEOUT_SECONDS + " s (" + e + "): the machine is far beyond its capacity", e);
    }
    Map<String, LinkStats> out = new java.util.HashMap<>();
    pending.forEach((device, stats) -> stats.join()
        .forEach((remote, s) -> out.put(device.localUserId() + "<-" + remote, s)));
    return out;
  }

  private DeviceMedia device(MediaEngine engine, NetworkFabric fabric, Map<String, DeviceMedia> directory,
      String user, MicSource mic) {
    DeviceMedia device = new DeviceMedia(engine, user, (to, payload) -> {
      DeviceMedia target = directory.get(to);
      if (target != null) {
        target.onSignal(user, payload);
      }
    }, mic, null, new MediaListener() { },
        network == Network.FABRIC ? CandidateRewriter.through(fabric, user) : CandidateRewriter.IDENTITY);
    directory.put(user, device);
    return device;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** A source that starts {@code skip} samples in, so devices playing the same clips do not speak in unison. */
  private static final class OffsetSource implements MicSource {
    private final MicSource source;
    private long skip;

    OffsetSource(MicSource source, long skip) {
      this.source = source;
      this.skip = skip;
    }

    @Override
    public void nextFrame(short[] frame) {
      while (skip > 0) {
        source.nextFrame(frame);
        skip -= frame.length;
      }
      source.nextFrame(frame);
    }
  }
}
