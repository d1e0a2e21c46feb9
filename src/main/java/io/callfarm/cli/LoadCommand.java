package io.callfarm.cli;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.EngineConfig;
import io.callfarm.load.AnswerMode;
import io.callfarm.load.DistributedRun;
import io.callfarm.load.EngineTarget;
import io.callfarm.load.LoadProfile;
import io.callfarm.load.LoadReport;
import io.callfarm.load.LoadRun;
import io.callfarm.load.ReportFiles;
import io.callfarm.load.SummaryText;
import io.callfarm.load.WorkerSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callfarm load}: a load run (DESIGN §6) against an engine child process it starts, or one
 * already running ({@code --engine}). Prints the summary (or the JSON report) on stdout and progress
 * on stderr; exits 0 when every invitation got its outcome and the engine agrees, 1 otherwise, 2 on
 * invalid options.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load run: N virtual users placing calls at R per second on an engine in its own"
        + " process; writes reports/load/summary.json, timeseries.csv and PNG charts.")
final class LoadCommand implements Callable<Integer> {
  /** Where the key of a remote engine's app comes from besides --key-file; never from argv. */
  static final String KEY_ENV = AppSecret.ENVIRONMENT;
  /** How long the first connection to {@code --engine} may take before the run is refused. */
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(5);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--users", required = true, description = "virtual users logged in (>= 2)")
  int users;

  @Option(names = "--cps", required = true, description = "target call setups per second")
  double cps;

  @Option(names = "--duration", required = true, description = "call phase length, seconds")
  double durationSeconds;

  @Option(names = "--ramp", defaultValue = "0",
      description = "linear ramp from 0 to --cps, seconds (default: ${DEFAULT-VALUE})")
  double rampSeconds;

  @Option(names = "--group-share", defaultValue = "0",
      description = "share 0..1 of 3-party group calls (default: ${DEFAULT-VALUE})")
  double groupShare;

  @Option(names = "--media-share", defaultValue = "0",
      description = "share 0..1 of calls with real WebRTC audio, analysed per stream (mouth-to-ear, MOS)")
  double mediaShare;

  @Option(names = "--answer", defaultValue = "accept",
      description = "accept|reject|mixed|none (default: ${DEFAULT-VALUE})")
  String answer;

  @Option(names = "--talk", defaultValue = "2",
      description = "seconds a connected call lasts before the caller hangs up (default: ${DEFAULT-VALUE})")
  double talkSeconds;

  @Option(names = "--timeout", defaultValue = "30",
      description = "invitation timeout, seconds (default: ${DEFAULT-VALUE})")
  double timeoutSeconds;

  @Option(names = "--event-threads", description = "client event threads (default: cores, at least 2)")
  Integer eventThreads;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the call and answer mix")
  long seed;

  @Option(names = "--out", defaultValue = "reports/load",
      description = "report directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--json", description = "print the JSON report instead of the summary")
  boolean json;

  @Option(names = "--engine", description = "an engine already running, ws://HOST:PORT/ws (default:"
      + " start one as a child process on 127.0.0.1 for this run)")
  URI engineUri;

  @Option(names = "--app", defaultValue = "" + EngineConfig.DEFAULT_APP,
      description = "the SDKAppID of --engine (default: ${DEFAULT-VALUE})")
  long app;

  @Option(names = "--workers", description = "run on JMeter's distributed engine: local:N starts N"
      + " jmeter-server workers on 127.0.0.1; host:port,... uses workers already running (with"
      + " --engine)")
  String workers;

  @Option(names = "--jmeter-home", defaultValue = "${env:CALLFARM_JMETER_HOME:-target/jmeter}",
      description = "JMeter 5.6 home with the CallFarm plugin in lib/ext (default: ${DEFAULT-VALUE},"
          + " built by ./callfarm)")
  Path jmeterHome;

  @Option(names = "--plan", defaultValue = "${env:CALLFARM_LOAD_PLAN:-suites/load/callfarm-calls.jmx}",
      description = "the JMeter plan the workers run (default: ${DEFAULT-VALUE})")
  Path plan;

  @Option(names = "--controller-host", defaultValue = "127.0.0.1",
      description = "address remote workers reach this controller on (java.rmi.server.hostname;"
          + " default: ${DEFAULT-VALUE})")
  String controllerHost;

  @Option(names = "--key-file", description = "file holding the app's secret key for --engine"
      + " (or env " + KEY_ENV + "; default: the built-in test key, loopback engines only)")
  Path keyFile;

  @Override
  public Integer call() throws Exception {
    LoadProfile profile;
    try {
      profile = new LoadProfile(users, cps, seconds("--duration", durationSeconds),
          seconds("--ramp", rampSeconds), groupShare, mediaShare, AnswerMode.parse(answer),
          seconds("--talk", talkSeconds), seconds("--timeout", timeoutSeconds),
          eventThreads != null ? eventThreads
              : Math.max(2, Runtime.getRuntime().availableProcessors()), seed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    EngineTarget target;
    try {
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new Refusal("not_a_folder", "--out " + out + " is a file, not a folder: give a folder (created "
            + "when absent)");
      }
      target = engineUri == null ? null : target();
    } catch (Refusal e) {
      return e.print(System.err);
    }
    LoadReport report;
    try {
      java.util.function.Consumer<String> progress =
          line -> System.err.println("callfarm-load: " + line);
      if (workers != null) {
        WorkerSpec spec = WorkerSpec.parse(workers);
        if (spec.local() == 0 && target == null) {
          throw new IllegalArgumentException("--workers " + workers + " runs elsewhere: give the"
              + " engine they reach with --engine ws://HOST:PORT/ws");
        }
        report = DistributedRun.run(profile, new DistributedRun.Options(spec, jmeterHome, plan,
            controllerHost), target, out, progress);
      } else {
        report = target == null ? LoadRun.run(profile, out, progress)
            : LoadRun.run(profile, target, out, progress);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (ConnectException e) {
      return unreachable(e).print(System.err);
    }
    System.out.print(json ? ReportFiles.json(report) + System.lineSeparator()
        : SummaryText.render(report));
    return report.passed() ? 0 : 1;
  }

  /**
   * The engine of {@code --engine} with its app's key: {@code --key-file}, else env {@value #KEY_ENV},
   * else the built-in test key, which only a loopback engine may use.
   */
  private EngineTarget target() {
    if (!"ws".equals(engineUri.getScheme()) || engineUri.getHost() == null || engineUri.getPort() < 1) {
      throw new Refusal("invalid_argument", "--engine " + engineUri + ": not a ws:// URL (give "
          + "ws://HOST:PORT/ws, as 'callfarm engine' prints it)");
    }
    AppSecret secret;
    try {
      secret = AppSecret.fromFileOrEnvironment(keyFile, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new Refusal("invalid_argument", e.getMessage());
    }
    String host = engineUri.getHost();
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    if (secret.isTestKey() && !loopback) {
      throw new Refusal("invalid_argument", "--engine " + engineUri + " is another host: give its app's secret "
          + "key in env " + KEY_ENV + " or --key-file PATH (never on the command line)");
    }
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(host, engineUri.getPort()), (int) REACH_TIMEOUT.toMillis());
    } catch (IOException e) {
      throw unreachable(e);
    }
    return EngineTarget.remote(engineUri, app, secret.reveal());
  }

  private Refusal unreachable(IOException e) {
    return new Refusal("engine_unreachable", "cannot reach the engine at " + engineUri + " ("
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "): is it running? "
        + "'callfarm engine' prints its URL");
  }

  private static Duration seconds(String option, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a number of seconds, got " + value);
    }
    return Duration.ofNanos(Math.round(value * 1e9));
  }
}
