package io.callfarm.load;

import io.callfarm.scratch.FileTrees;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A load run on JMeter's distributed engine (DESIGN §6): the CallFarm plan
 * ({@code suites/load/callfarm-calls.jmx}) runs on every jmeter-server worker — started here
 * ({@code local:N}, on 127.0.0.1) or already running elsewhere — each hosting its shard of virtual
 * users; a stock non-GUI JMeter controller drives them and writes every sample to a CSV results file.
 * From those samples this class builds the same report as a single-process {@link LoadRun}: outcome
 * accounting per invitation, exact percentiles merged from the workers' HdrHistograms, per-second
 * series, the engine cross-check over its admin API, and a {@code workers} list. The app key reaches
 * local workers through their environment, never their command line or the plan. Every process it
 * starts stops with it ({@link ChildProcess}).
 */
public final class DistributedRun {
  private static final Duration WORKER_START = Duration.ofSeconds(60);
  private static final Duration ENGINE_START = Duration.ofSeconds(60);
  private static final Duration RECORDS_DEADLINE = Duration.ofSeconds(10);
  private static final int FD_RESERVE = 256;

  /**
   * How to reach JMeter.
   *
   * @param jmeterHome a JMeter 5.6 home with the CallFarm plugin in lib/ext ({@code target/jmeter},
   *     built by the launcher from jmeter-plugin/)
   * @param plan the plan to run
   * @param controllerHost the address workers call the controller back on ({@code
   *     java.rmi.server.hostname}); 127.0.0.1 for local workers
   */
  public record Options(WorkerSpec workers, Path jmeterHome, Path plan, String controllerHost) {}

  private final LoadProfile profile;
  private final Options options;
  private final EngineTarget engine;
  private final EngineAdmin admin;
  private final Path reportDir;
  private final Path jmeterDir;
  private final Consumer<String> progress;
  private final String run = LoadRun.runPrefix();

  private DistributedRun(LoadProfile profile, Options options, EngineTarget engine, Path reportDir,
      Consumer<String> progress) {
    this.profile = profile;
    this.options = options;
    this.engine = engine;
    this.admin = new EngineAdmin(engine);
    this.reportDir = reportDir;
    this.jmeterDir = reportDir.resolve("jmeter");
    this.progress = progress;
  }

  /**
   * Runs the profile on the workers against {@code engine}, or against an engine child process
   * started for the run when {@code engine} is null.
   *
   * @throws IllegalArgumentException for what a distributed run cannot do (audio share, too many
   *     users per worker, a JMeter home without the plugin)
   */
  public static LoadReport run(LoadProfile profile, Options options, EngineTarget engine,
      Path reportDir, Consumer<String> progress) throws Exception {
    validate(profile, options);
    Files.createDirectories(reportDir);
    if (engine != null) {
      return new DistributedRun(profile, options, engine, reportDir, progress).execute();
    }
    Path engineDir = Files.createTempDirectory(reportDir, "engine-");
    try (EngineProcess child = EngineProcess.start(engineDir, ENGINE_START)) {
      progress.accept("engine child process " + child.pid() + " at " + child.signallingUri());
      try {
        return new DistributedRun(profile, options, EngineTarget.child(child.signallingUri()),
            reportDir, progress).execute();
      } finally {
        child.close();
        Files.copy(child.log(), reportDir.resolve("engine.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      FileTrees.delete(engineDir);
    }
  }

  private static void validate(LoadProfile profile, Options options) {
    if (profile.mediaShare() > 0) {
      throw new IllegalArgumentException("--media-share needs the single-process run: JMeter"
          + " workers host signalling-only users; drop --workers or --media-share");
    }
    int n = options.workers().count();
    if (profile.users() < 2 * n) {
      throw new IllegalArgumentException("--users " + profile.users() + " is too few for " + n
          + " workers: each needs at least 2 users of its own");
    }
    Path home = options.jmeterHome();
    if (!Files.exists(home.resolve("bin/ApacheJMeter.jar"))
        || !Files.exists(home.resolve("lib/ext/callfarm-jmeter.jar"))) {
      throw new IllegalArgumentException("no JMeter with the CallFarm plugin in " + home
          + ": ./callfarm builds it (jmeter-plugin/), or run: mvn -B -ntp -Dmaven.test.skip=true"
          + " install && mvn -B -ntp -f jmeter-plugin/pom.xml package");
    }
    if (!Files.isRegularFile(options.plan())) {
      throw new IllegalArgumentException("the JMeter plan " + options.plan() + " is missing");
    }
    if (options.workers().local() > 0
        && ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long perWorker = (profile.users() + n - 1) / n;
      if (perWorker + FD_RESERVE > unix.getMaxFileDescriptorCount()) {
        throw new IllegalArgumentException("--users " + profile.users() + " over " + n
            + " workers puts " + perWorker + " users (one socket each) in a worker whose limit is "
            + unix.getMaxFileDescriptorCount() + " file descriptors; use more workers or fewer"
            + " users");
      }
    }
  }

  private LoadReport execute() throws Exception {
    Files.createDirectories(jmeterDir);
    EngineAdmin.Stats before = admin.stats(true);
    if (before.maxFiles() > 0 && profile.users() + FD_RESERVE > before.maxFiles() - before.openFiles()) {
      throw new IllegalArgumentException("--users " + profile.users() + " needs one socket per user"
          + " in the engine, which has " + before.openFiles() + " of " + before.maxFiles()
          + " file descriptors in use");
    }
    List<ChildProcess> workers = new ArrayList<>();
    try {
      List<String> ids = startWorkers(workers);
      progress.accept(ids.size() + " JMeter workers " + ids + "; engine " + engine.signalling()
          + "; users " + run + "w<k>-u<i>");
      List<JmeterResults.Row> rows;
      ProcessCpu cpu = new ProcessCpu();
      List<Sample> samples;
      try (ChildProcess controller = startController(ids)) {
        samples = watch(controller, workers, cpu);
        int exit = controller.waitFor(Duration.ofSeconds(30));
        if (exit != 0) {
          throw new IllegalStateException("the JMeter controller ended with code " + exit
              + "; its output (" + controller.output() + "):\n" + controller.tail());
        }
      }
      EngineAdmin.Stats after = admin.stats(false);
      rows = JmeterResults.read(jmeterDir.resolve("results.csv"));
      return report(rows, ids, samples, before, after);
    } finally {
      workers.forEach(ChildProcess::close);
    }
  }

  /** Starts the local workers (and waits until each listens); the ids the controller's -R uses. */
  private List<String> startWorkers(List<ChildProcess> started) throws Exception {
    if (options.workers().local() == 0) {
      return options.workers().remote();
    }
    List<String> ids = new ArrayList<>();
    Map<String, String> env = Map.of(KEY_ENV, engine.secretKey());
    for (int k = 0; k < options.workers().local(); k++) {
      int port = ChildProcess.freePort();
      int rmiPort = ChildProcess.freePort();
      List<String> command = new ArrayList<>(jvm("127.0.0.1"));
      command.addAll(List.of("-s", "-Jserver_port=" + port, "-Jserver.rmi.localport=" + rmiPort,
          "-Jserver.rmi.ssl.disable=true", "-j", jmeterDir.resolve("worker-" + k + ".log").toString()));
      ChildProcess worker = ChildProcess.start("jmeter-worker-" + k, command, env,
          jmeterDir.resolve("worker-" + k + ".out"));
      started.add(worker);
      worker.awaitPort("127.0.0.1", port, WORKER_START);
      ids.add("127.0.0.1:" + port);
    }
    return ids;
  }

  /** Env name under which workers take the app key (the plugin's WorkerShard reads it). */
  static final String KEY_ENV = "CALLFARM_SECRET_KEY";

  private List<String> jvm(String rmiHost) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseParallelGC", "-Djava.rmi.server.hostname=" + rmiHost,
        // listen on the advertised address only (RMI's default is every interface)
        "-javaagent:" + agentJar(),
        "-jar",
        options.jmeterHome().resolve("bin/ApacheJMeter.jar").toAbsolutePath().toString());
  }

  /** The plugin's RMI bind agent in the JMeter home's bin/. */
  private String agentJar() {
    try (Stream<Path> files = Files.list(options.jmeterHome().resolve("bin"))) {
      return files.filter(f -> f.getFileName().toString().endsWith("-rmi-agent.jar")).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no CallFarm RMI agent in "
              + options.jmeterHome().resolve("bin") + "; rebuild jmeter-plugin/"))
          .toAbsolutePath().toString();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + options.jmeterHome() + "/bin: " + e, e);
    }
  }

  private ChildProcess startController(List<String> ids) throws IOException {
    int n = ids.size();
    double ramp = LoadProfile.seconds(profile.ramp());
    List<String> command = new ArrayList<>(jvm(options.controllerHost()));
    command.addAll(List.of("-n", "-t", options.plan().toAbsolutePath().toString(), "-R",
        String.join(",", ids), "-Jserver.rmi.ssl.disable=true",
        "-Jclient.rmi.localport=" + ChildProcess.freePort(), "-Jmode=StrippedBatch",
        "-Jjmeter.save.saveservice.output_format=csv",
        "-Jjmeter.save.saveservice.response_message=true",
        "-l", jmeterDir.resolve("results.csv").toString(),
        "-j", jmeterDir.resolve("controller.log").toString()));
    Map<String, String> g = new LinkedHashMap<>();
    g.put("callfarm.engine", engine.signalling().toString());
    g.put("callfarm.app", Long.toString(engine.sdkAppId()));
    g.put("callfarm.users", Integer.toString(profile.users()));
    g.put("callfarm.workers", String.join(",", ids));
    g.put("callfarm.run", run);
    g.put("callfarm.login_seconds", Long.toString(loginSeconds(n)));
    g.put("callfarm.ramp_step", ramp > 0 ? "rate(0/sec) even_arrivals(" + ramp + " sec)" : "");
    g.put("callfarm.cps", Double.toString(profile.cps() / n));
    g.put("callfarm.steady", Double.toString(LoadProfile.seconds(profile.duration()) - ramp));
    g.put("callfarm.timeout", Double.toString(LoadProfile.seconds(profile.invitationTimeout())));
    g.put("callfarm.talk", Double.toString(LoadProfile.seconds(profile.talk())));
    g.put("callfarm.answer", profile.answer().toString());
    g.put("callfarm.group_share", Double.toString(profile.groupShare()));
    g.forEach((k, v) -> command.add("-G" + k + "=" + v));
    Files.deleteIfExists(jmeterDir.resolve("results.csv"));
    return ChildProcess.start("jmeter-controller", command, Map.of(),
        jmeterDir.resolve("controller.out"));
  }

  /** The pause before the first call, s: the workers' logins must fit (≈ 200 logins/s each, cold). */
  private long loginSeconds(int workers) {
    return 5 + (long) Math.ceil(profile.users() / (double) workers / 200);
  }

  /**
   * Samples the engine and the generator processes once a second until the controller ends (or the
   * run's deadline passes: then the controller is stopped).
   */
  private List<Sample> watch(ChildProcess controller, List<ChildProcess> workers, ProcessCpu cpu)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(loginSeconds(
        options.workers().count()) + 120) + profile.duration().plus(profile.drainDeadline())
        .toNanos();
    List<Sample> samples = new ArrayList<>();
    EngineAdmin.Stats last = admin.stats(false);
    double lastCpu = cpu.sample(controller, workers);
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    while (controller.isAlive()) {
      if (System.nanoTime() > deadline) {
        controller.close();
        throw new IllegalStateException("the JMeter run did not end within its deadline; see "
            + jmeterDir);
      }
      controller.waitFor(Duration.ofSeconds(1));
      EngineAdmin.Stats now = admin.stats(false);
      double generator = cpu.sample(controller, workers);
      double wall = Math.max(1e-3, (now.nowMillis() - last.nowMillis()) / 1000.0);
      // t: epoch seconds, matched to the call samples' seconds by series()
      samples.add(new Sample(System.currentTimeMillis() / 1000.0, 0, 0, 0, 0, 0,
          (generator - lastCpu) / wall / cores, now.heapMb()));
      last = now;
      lastCpu = generator;
    }
    return samples;
  }

  private LoadReport report(List<JmeterResults.Row> rows, List<String> ids, List<Sample> watched,
      EngineAdmin.Stats before, EngineAdmin.Stats after) throws Exception {
    int n = ids.size();
    Histograms hdr = new Histograms();
    List<PlacedCall> placed = new ArrayList<>();
    List<Long[]> spans = new ArrayList<>(); // placed ms, end ms, invite latency ms, connected
    Map<Outcome, Long> outcomes = new LinkedHashMap<>();
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, 0L);
    }
    long[] sampled = new long[n];
    long[] lostByWorker = new long[n];
    long[] completedByWorker = new long[n];
    SampleMessage[] reports = new SampleMessage[n];
    long skipped = 0;
    long oneToOne = 0;
    long group = 0;
    long lostInSamples = 0;
    int loggedIn = 0;
    double loginSeconds = 0;
    Map<String, Long> foreign = new TreeMap<>();
    Map<String, String> foreignExample = new HashMap<>();
    for (JmeterResults.Row row : rows) {
      if (!SampleMessage.isOurs(row.responseMessage())) {
        String key = row.label() + ": " + row.responseCode();
        foreign.merge(key, 1L, Long::sum);
        foreignExample.putIfAbsent(key, row.responseMessage());
        continue;
      }
      SampleMessage m = SampleMessage.decode(row.responseMessage());
      if (m.worker() < 0 || m.worker() >= n) {
        throw new IllegalStateException("a sample names worker " + m.worker() + " of " + n + ": "
            + row.responseMessage());
      }
      hdr.addAll(m.histograms());
      switch (m.kind()) {
        case "login" -> {
          loggedIn += (int) m.number("users");
          loginSeconds = Math.max(loginSeconds, row.elapsed() / 1000.0);
        }
        case "skip" -> skipped++;
        case "report" -> reports[m.worker()] = m;
        case "call" -> {
          sampled[m.worker()]++;
          List<Map.Entry<String, Outcome>> invitations = m.invitations();
          List<String> callees = new ArrayList<>();
          List<Outcome> results = new ArrayList<>();
          boolean connected = false;
          for (Map.Entry<String, Outcome> inv : invitations) {
            callees.add(inv.getKey());
            results.add(inv.getValue());
            if (inv.getValue() == null) {
              lostInSamples++;
              lostByWorker[m.worker()]++;
            } else {
              outcomes.merge(inv.getValue(), 1L, Long::sum);
              if (inv.getValue() == Outcome.COMPLETED) {
                completedByWorker[m.worker()]++;
                connected = true;
              }
            }
          }
          if (callees.size() > 1) {
            group++;
          } else {
            oneToOne++;
          }
          placed.add(new PlacedCall(m.fields().get("caller"), row.timeStamp(), callees, results));
          spans.add(new Long[] {row.timeStamp(), row.timeStamp() + m.number("ms"), row.latency(),
              connected ? 1L : 0L});
        }
        default -> throw new IllegalStateException("unknown sample kind " + m.kind());
      }
    }
    List<LoadReport.Worker> workerFigures = new ArrayList<>();
    long unsampled = 0;
    List<String> overload = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      SampleMessage r = reports[k];
      long workerPlaced = r == null ? sampled[k] : Math.max(r.number("placed"), sampled[k]);
      long missing = workerPlaced - sampled[k];
      unsampled += missing;
      long workerLost = lostByWorker[k] + missing;
      if (r == null) {
        overload.add("worker " + ids.get(k) + " sent no report: it failed or was stopped; see "
            + jmeterDir);
        workerLost = Math.max(1, workerLost);
      }
      workerFigures.add(new LoadReport.Worker(ids.get(k), workerPlaced, completedByWorker[k],
          workerLost));
    }
    long lost = lostInSamples + unsampled;
    if (unsampled > 0) {
      overload.add(unsampled + " calls placed by workers never came back as samples");
    }
    if (loggedIn < profile.users()) {
      overload.add("only " + loggedIn + " of " + profile.users() + " users logged in (see "
          + jmeterDir + "/worker-*.log)");
    }
    foreign.forEach((k, v) -> overload.add(v + " samples '" + k + "': " + foreignExample.get(k)));
    if (skipped > 0) {
      overload.add(skipped + " scheduled calls found too few idle users on their worker; raise"
          + " --users, or lower --cps/--talk");
    }

    CrossCheck check = CrossCheck.fetch(admin, placed, before.nowMillis(), run, RECORDS_DEADLINE,
        progress);
    List<Sample> samples = series(spans, watched);
    double fullRateSeconds = LoadProfile.seconds(profile.duration())
        - LoadProfile.seconds(profile.ramp()) / 2;
    double achieved = placed.size() / fullRateSeconds;
    if (achieved < 0.95 * profile.cps() && overload.isEmpty()) {
      overload.add(String.format("achieved %.1f cps of %.1f", achieved, profile.cps()));
    }
    Map<String, Long> invitations = new LinkedHashMap<>();
    outcomes.forEach((o, c) -> invitations.put(o.key(), c));
    invitations.put("lost", lost);
    Map<String, Percentiles> latency = new LinkedHashMap<>();
    for (String metric : List.of(UserShard.LOGIN, UserShard.INVITE, UserShard.ACCEPT,
        UserShard.SETUP)) {
      latency.put(metric, hdr.percentiles(metric));
    }
    Pacer pacer = new Pacer(profile.cps() / n, LoadProfile.seconds(profile.ramp()),
        LoadProfile.seconds(profile.duration()));
    LoadReport.Calls calls = new LoadReport.Calls(pacer.total() * n, placed.size(), oneToOne, group,
        skipped, 0);
    double engineCpu = after.cpuNanos() < 0 ? -1 : (after.cpuNanos() - before.cpuNanos()) / 1e6
        / Math.max(1, after.nowMillis() - before.nowMillis()) / Math.max(1, after.processors());
    LoadReport.Engine engineFigures = new LoadReport.Engine(engine.signalling().toString(),
        engine.startedHere(), before.heapMb(), -1, -1, engineCpu, before.maxFiles());
    double generatorCpu = options.workers().local() == 0 ? -1
        : samples.stream().mapToDouble(Sample::cpu).filter(c -> c >= 0).average().orElse(-1);
    List<OutcomeBook.ErrorGroup> errors = new ArrayList<>();
    foreign.forEach((k, v) -> errors.add(new OutcomeBook.ErrorGroup(0, v, k + ": "
        + foreignExample.get(k))));
    LoadReport report = new LoadReport(profile, engine.signalling().toString(), loggedIn,
        loginSeconds, LoadProfile.seconds(profile.duration()), 0, calls, profile.cps(), achieved,
        invitations, lost,
        samples.stream().mapToInt(Sample::concurrent).max().orElse(0),
        samples.stream().mapToInt(Sample::concurrent).average().orElse(0), latency, errors, 0, 0,
        0, -1, samples.stream().mapToDouble(Sample::heapMb).max().orElse(-1), generatorCpu,
        options.workers().local() == 0 ? -1
            : samples.stream().mapToDouble(Sample::cpu).max().orElse(-1), check, overload,
        ReportFiles.names(reportDir), null, loggedIn / Math.max(1e-3, loginSeconds), -1,
        engineFigures, workerFigures);
    ReportFiles.write(report, samples, reportDir);
    return report;
  }

  /**
   * Per-second series of the call phase from the call samples (placed, connected, in progress, p99
   * invite latency at JMeter's ms resolution), with the generator CPU and the engine heap watched
   * meanwhile.
   */
  private static List<Sample> series(List<Long[]> spans, List<Sample> watched) {
    if (spans.isEmpty()) {
      return List.of();
    }
    long start = spans.stream().mapToLong(s -> s[0]).min().orElse(0);
    long end = spans.stream().mapToLong(s -> s[1]).max().orElse(start);
    int seconds = (int) Math.max(1, Math.ceil((end - start) / 1000.0));
    List<Sample> out = new ArrayList<>();
    for (int s = 1; s <= seconds; s++) {
      long from = start + (s - 1) * 1000L;
      long to = start + s * 1000L;
      long attempted = 0;
      long connected = 0;
      int concurrent = 0;
      List<Long> invites = new ArrayList<>();
      for (Long[] span : spans) {
        if (span[0] >= from && span[0] < to) {
          attempted++;
          connected += span[3];
          invites.add(span[2]);
        }
        if (span[0] < to && span[1] >= to) {
          concurrent++;
        }
      }
      invites.sort(Long::compare);
      double p99 = invites.isEmpty() ? 0
          : invites.get((int) Math.min(invites.size() - 1, Math.ceil(0.99 * invites.size()) - 1));
      Sample w = nearest(watched, to / 1000.0);
      out.add(new Sample(s, attempted, connected, concurrent, attempted, p99,
          w == null ? -1 : w.cpu(), w == null ? -1 : w.heapMb()));
    }
    return out;
  }

  private static Sample nearest(List<Sample> watched, double t) {
    Sample best = null;
    for (Sample w : watched) {
      if (best == null || Math.abs(w.t() - t) < Math.abs(best.t() - t)) {
        best = w;
      }
    }
    return best;
  }

  /** CPU time of the generator processes (controller, local workers), kept per pid as they end. */
  private static final class ProcessCpu {
    private final Map<Long, Double> seconds = new HashMap<>();

    double sample(ChildProcess controller, List<ChildProcess> workers) {
      List<ChildProcess> all = new ArrayList<>(workers);
      all.add(controller);
      for (ChildProcess p : all) {
        p.tree().forEach(h -> h.info().totalCpuDuration()
            .ifPresent(d -> seconds.put(h.pid(), d.toNanos() / 1e9)));
      }
      return totalSeconds();
    }

    double totalSeconds() {
      return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }
}
