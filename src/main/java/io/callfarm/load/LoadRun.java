package io.callfarm.load;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.scratch.FileTrees;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One load run, start to finish: starts the engine as a child process on loopback (temp database
 * under the report directory, deleted afterwards; {@link EngineProcess}) or drives one already
 * running, logs the virtual users in on one shared {@link ClientRuntime}, places calls at the paced
 * rate between idle users, waits (up to the drain deadline) until every invitation has its outcome,
 * cross-checks with the engine's call records (through its admin API, {@link EngineAdmin}), logs
 * everybody out and writes the report. Every wait has a deadline; the run ends by itself.
 */
public final class LoadRun {
  private static final Duration RECORDS_DEADLINE = Duration.ofSeconds(10);
  private static final Duration ENGINE_START = Duration.ofSeconds(60);
  private static final Duration LOGOUT_DEADLINE = Duration.ofSeconds(30);
  /** File descriptors kept free for jars, the database, the report files. */
  private static final int FD_RESERVE = 256;
  private static final long LATE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final LoadProfile profile;
  private final EngineTarget engine;
  private final EngineAdmin admin;
  private final UserSigIssuer sigs;
  /** Every user id of this run starts with it, so its records on a shared engine are its own. */
  private final String runPrefix;
  private final ClientRuntime runtime;
  private final Consumer<String> progress;
  private final OutcomeBook book = new OutcomeBook();
  private final LoadMetrics metrics = new LoadMetrics();
  private final IdlePool pool;
  private final List<VirtualUser> users = new ArrayList<>();
  private MediaCalls media;

  private LoadRun(LoadProfile profile, EngineTarget engine, ClientRuntime runtime,
      Consumer<String> progress) {
    this.profile = profile;
    this.engine = engine;
    this.admin = new EngineAdmin(engine);
    this.sigs = new UserSigIssuer(engine.sdkAppId(), AppSecret.of(engine.secretKey()));
    this.runPrefix = runPrefix();
    this.runtime = runtime;
    this.progress = progress;
    this.pool = new IdlePool(profile.users());
  }

  /**
   * Runs the profile against an engine child process started for it (and stopped after it), and
   * writes {@code summary.json}, {@code timeseries.csv}, the charts and {@code engine.log} into
   * {@code reportDir}.
   *
   * @param progress receives one line per phase and a progress line every 5 s
   * @throws IllegalArgumentException when the profile asks for something this machine cannot do
   */
  public static LoadReport run(LoadProfile profile, Path reportDir, Consumer<String> progress)
      throws Exception {
    requireFileDescriptors(profile.users(), true);
    Files.createDirectories(reportDir);
    Path engineDir = Files.createTempDirectory(reportDir, "engine-");
    try (EngineProcess child = EngineProcess.start(engineDir, ENGINE_START)) {
      progress.accept("engine child process " + child.pid() + " at " + child.signallingUri());
      try {
        return run(profile, EngineTarget.child(child.signallingUri()), reportDir, progress);
      } finally {
        child.close();
        Files.copy(child.log(), reportDir.resolve("engine.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      FileTrees.delete(engineDir);
    }
  }

  /**
   * Runs the profile against {@code engine} (a child of this run or one already running, e.g.
   * {@code --engine ws://host:port/ws}); the report files go into {@code reportDir}.
   */
  public static LoadReport run(LoadProfile profile, EngineTarget engine, Path reportDir,
      Consumer<String> progress) throws Exception {
    requireFileDescriptors(profile.users(), false);
    Files.createDirectories(reportDir);
    try (ClientRuntime runtime = ClientRuntime.start(profile.eventThreads())) {
      LoadRun run = new LoadRun(profile, engine, runtime, progress);
      try (MediaCalls media = profile.mediaShare() > 0
          ? MediaCalls.start(profile, reportDir, run.metrics) : null) {
        run.media = media;
        return run.execute(reportDir);
      }
    }
  }

  private LoadReport execute(Path reportDir) throws Exception {
    EngineAdmin.Stats engineBefore = admin.stats(true);
    requireEngineFileDescriptors(engineBefore);
    ManagementFactory.getMemoryMXBean().gc();
    double heapBeforeLogin = Sampler.heapMb();
    progress.accept("engine " + engine.signalling() + "; logging in " + profile.users()
        + " users (" + runPrefix + "*)");
    long loginStart = System.nanoTime();
    login();
    double loginSeconds = (System.nanoTime() - loginStart) / 1e9;
    metrics.login.nextInterval();
    ManagementFactory.getMemoryMXBean().gc(); // measure the live set of the logged-in users
    double heapAfterLogin = Sampler.heapMb();
    EngineAdmin.Stats engineLoggedIn = admin.stats(true);
    double loginRate = users.size() / Math.max(1e-3, loginSeconds);
    double kibPerUser = perUserKib(heapAfterLogin - heapBeforeLogin);
    double engineKibPerUser = perUserKib(engineLoggedIn.heapMb() - engineBefore.heapMb());
    progress.accept(String.format("%d users logged in in %.1f s (%.0f/s); live heap: load %.0f MiB"
            + " (%.1f KiB/user), engine %.0f MiB (%.1f KiB/user); calling for %s s", users.size(),
        loginSeconds, loginRate, heapAfterLogin, kibPerUser, engineLoggedIn.heapMb(),
        engineKibPerUser, LoadProfile.seconds(profile.duration())));
    if (users.size() < 2) {
      throw new IllegalStateException("only " + users.size() + " of " + profile.users()
          + " users could log in; see the errors above (" + book.errors() + ")");
    }

    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callfarm-load-timer");
      t.setDaemon(true);
      return t;
    });
    CallFlow flow = new CallFlow(metrics, book, timers, profile.talk());
    Pacer pacer = new Pacer(profile.cps(), LoadProfile.seconds(profile.ramp()),
        LoadProfile.seconds(profile.duration()));
    long[] skipped = new long[2];
    long[] kinds = new long[2];
    Sampler sampler = Sampler.start(metrics, s -> {
      if (Math.round(s.t()) % 5 == 0) {
        progress.accept(String.format("t=%3.0f s  cps %.0f  concurrent %d  p99 invite %.1f ms  "
                + "cpu %.0f%%  heap %.0f MiB  outstanding %d", s.t(), s.cps(), s.concurrent(),
            s.p99InviteMs(), 100 * Math.max(0, s.cpu()), s.heapMb(),
            book.outstandingInvitations()));
      }
    });
    double callSeconds;
    double drainSeconds;
    EngineAdmin.Stats engineCallStart = admin.stats(false);
    try {
      long start = System.nanoTime();
      placeCalls(pacer, flow, start, skipped, kinds);
      long callEnd = System.nanoTime();
      callSeconds = (callEnd - start) / 1e9;
      progress.accept("call phase over; waiting up to "
          + LoadProfile.seconds(profile.drainDeadline()) + " s for outstanding outcomes ("
          + book.outstandingInvitations() + ")");
      book.awaitQuiet(callEnd + profile.drainDeadline().toNanos());
      drainSeconds = (System.nanoTime() - callEnd) / 1e9;
    } finally {
      sampler.close();
      timers.shutdownNow();
    }
    long lost = book.outstandingInvitations();
    int stuck = book.reservedUsers();
    EngineAdmin.Stats engineDrained = admin.stats(false);
    CrossCheck check = CrossCheck.fetch(admin, book.attempts().stream().map(Attempt::placed)
        .toList(), engineCallStart.nowMillis(), runPrefix, RECORDS_DEADLINE, progress);
    logoutAll();
    MediaCalls.Report audio = media == null ? null : media.analyze();

    List<Sample> samples = sampler.samples();
    List<Attempt> attempts = book.attempts();
    long placed = attempts.size();
    double fullRateSeconds = LoadProfile.seconds(profile.duration())
        - LoadProfile.seconds(profile.ramp()) / 2;
    double achieved = placed / fullRateSeconds;
    Map<String, Long> invitations = new LinkedHashMap<>();
    book.outcomes().forEach((o, n) -> invitations.put(o.key(), n));
    invitations.put("lost", lost);
    Map<String, Percentiles> latency = new LinkedHashMap<>();
    latency.put("login", metrics.login.summary());
    latency.put("invite_to_invited", metrics.inviteToInvited.summary());
    latency.put("accept_to_user_enter", metrics.acceptToUserEnter.summary());
    latency.put("call_setup", metrics.callSetup.summary());
    if (audio != null) {
      metrics.acceptToFirstAudio.nextInterval();
      latency.put("accept_to_first_audio", metrics.acceptToFirstAudio.summary());
      latency.put("mouth_to_ear", audio.mouthToEar());
    }
    LoadReport.Calls calls = new LoadReport.Calls(pacer.total(), placed, kinds[0], kinds[1],
        skipped[0], skipped[1]);
    LoadReport.Engine engineFigures = new LoadReport.Engine(engine.signalling().toString(),
        engine.startedHere(), engineBefore.heapMb(), engineLoggedIn.heapMb(), engineKibPerUser,
        cpuShare(engineCallStart, engineDrained), engineBefore.maxFiles());
    LoadReport report = new LoadReport(profile, engine.signalling().toString(), users.size(),
        loginSeconds, callSeconds, drainSeconds, calls, profile.cps(), achieved, invitations, lost,
        metrics.maxConcurrent(),
        samples.stream().mapToInt(Sample::concurrent).average().orElse(0), latency,
        book.errors(), book.strayInvitations(), book.lateCallbacks(), stuck, heapAfterLogin,
        samples.stream().mapToDouble(Sample::heapMb).max().orElse(heapAfterLogin),
        samples.stream().mapToDouble(Sample::cpu).filter(c -> c >= 0).average().orElse(-1),
        samples.stream().mapToDouble(Sample::cpu).max().orElse(-1), check,
        overload(calls, achieved), ReportFiles.names(reportDir), audio, loginRate, kibPerUser,
        engineFigures, null);
    ReportFiles.write(report, samples, reportDir);
    return report;
  }

  private void login() throws Exception {
    ClientConfig config = ClientConfig.of(engine.signalling())
        .withInvitationTimeout(profile.invitationTimeout());
    int width = String.valueOf(profile.users()).length();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= profile.users(); i++) {
      ids.add(runPrefix + String.format("u%0" + width + "d", i));
    }
    Set<String> audioIds = Set.copyOf(ids.subList(0, media == null ? 0 : media.userCount()));
    users.addAll(Logins.logIn(ids, engine.sdkAppId(), sigs, id -> {
      boolean withAudio = audioIds.contains(id);
      AudioCallClient client = new AudioCallClient(config, runtime,
          withAudio ? media.attach(id) : CallMedia.NONE);
      VirtualUser user = new VirtualUser(id, client, book, withAudio ? media.pool() : pool);
      if (withAudio) {
        media.measureFirstAudio(user);
      }
      client.setup();
      return user;
    }, book, metrics.login, progress));
    users.forEach(user -> user.home().offer(user));
  }

  private void placeCalls(Pacer pacer, CallFlow flow, long start, long[] skipped, long[] kinds) {
    Random random = new Random(profile.seed());
    long total = pacer.total();
    for (long n = 1; n <= total; n++) {
      long due = start + (long) (pacer.timeOf(n) * 1e9);
      long now = System.nanoTime();
      while (now < due) {
        LockSupport.parkNanos(due - now);
        now = System.nanoTime();
      }
      if (now - due > LATE_LIMIT_NANOS) {
        skipped[1]++;
        continue;
      }
      boolean group = random.nextDouble() < profile.groupShare();
      boolean withAudio = media != null && random.nextDouble() < profile.mediaShare();
      List<VirtualUser> picked = (withAudio ? media.pool() : pool).take(group ? 3 : 2);
      if (picked.isEmpty()) {
        skipped[0]++;
        continue;
      }
      kinds[group ? 1 : 0]++;
      flow.place(picked, profile.answer(), random);
    }
  }

  private void logoutAll() {
    List<CompletableFuture<Void>> logouts = users.stream()
        .map(u -> u.client().logout().exceptionally(e -> null)).toList();
    try {
      CompletableFuture.allOf(logouts.toArray(CompletableFuture[]::new))
          .get(LOGOUT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      progress.accept("not every user logged out within " + LOGOUT_DEADLINE.toSeconds()
          + " s: " + e);
    }
    users.forEach(u -> u.client().destroy());
  }

  private List<String> overload(LoadReport.Calls calls, double achieved) {
    List<String> why = new ArrayList<>();
    if (calls.skippedNoIdleUsers() > 0) {
      why.add(calls.skippedNoIdleUsers() + " scheduled calls found too few idle users: each call"
          + " holds its users for setup + talk (" + LoadProfile.seconds(profile.talk())
          + " s) or the timeout; raise --users, or lower --cps/--talk");
    }
    if (calls.skippedBehindSchedule() > 0) {
      why.add(calls.skippedBehindSchedule() + " calls were over 1 s late and skipped: the load"
          + " generator (the client runtime) is saturated");
    }
    for (OutcomeBook.ErrorGroup e : book.errors()) {
      if (e.code() == 60010) {
        why.add(e.count() + " requests unanswered or connections lost (60010): the engine or the"
            + " client runtime is overloaded, e.g. " + e.example());
      }
    }
    if (achieved < 0.95 * profile.cps() && why.isEmpty()) {
      why.add(String.format("achieved %.1f cps of %.1f", achieved, profile.cps()));
    }
    return why;
  }

  /**
   * Every user holds one socket in the load generator and one in the engine, each process with its
   * own file-descriptor limit; running out midway breaks logins and even class loading, so refuse up
   * front. With the engine as a child process, it inherits this process's limit.
   */
  private static void requireFileDescriptors(int users, boolean childEngineToo) {
    if (!(ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
      return;
    }
    long limit = unix.getMaxFileDescriptorCount();
    long free = limit - unix.getOpenFileDescriptorCount() - FD_RESERVE;
    if (users > free) {
      throw new IllegalArgumentException("--users " + users + " needs about " + (users
          + FD_RESERVE) + " file descriptors in the load generator (one socket per user)"
          + (childEngineToo ? " and as many in the engine process" : "") + ", but the limit is "
          + limit + " per process (ulimit -n); raise the limit or use at most "
          + Math.max(0, free) + " users");
    }
  }

  /** The same bound for the engine, from the limit it reports. */
  private void requireEngineFileDescriptors(EngineAdmin.Stats stats) {
    if (stats.maxFiles() < 0) {
      return;
    }
    long free = stats.maxFiles() - stats.openFiles() - FD_RESERVE;
    if (profile.users() > free) {
      throw new IllegalArgumentException("--users " + profile.users() + " needs one socket per user"
          + " in the engine at " + engine.signalling() + ", but it has " + stats.openFiles()
          + " of " + stats.maxFiles() + " file descriptors in use; use at most " + Math.max(0, free)
          + " users or raise the engine's limit");
    }
  }

  /** {@code r} and 6 random hex digits and a dash: ids stay unique across runs on one engine. */
  static String runPrefix() {
    return String.format("r%06x-", new SecureRandom().nextInt(1 << 24));
  }

  private double perUserKib(double mb) {
    return users.isEmpty() ? 0 : mb * 1024 / users.size();
  }

  /** CPU load of the engine between two stats, 0..1 of the machine, -1 when unknown. */
  private static double cpuShare(EngineAdmin.Stats from, EngineAdmin.Stats to) {
    long wallMillis = to.nowMillis() - from.nowMillis();
    if (from.cpuNanos() < 0 || to.cpuNanos() < 0 || wallMillis <= 0) {
      return -1;
    }
    return (to.cpuNanos() - from.cpuNanos()) / 1e6 / wallMillis / Math.max(1, to.processors());
  }
}
