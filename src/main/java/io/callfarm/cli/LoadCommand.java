package io.callfarm.cli;

import io.callfarm.load.AnswerMode;
import io.callfarm.load.LoadProfile;
import io.callfarm.load.LoadReport;
import io.callfarm.load.LoadRun;
import io.callfarm.load.ReportFiles;
import io.callfarm.load.SummaryText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callfarm load}: a load run against the embedded engine (DESIGN §6). Prints the summary
 * (or the JSON report) on stdout and progress on stderr; exits 0 when every invitation got its
 * outcome and the engine agrees, 1 otherwise, 2 on invalid options.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Load run: N virtual users on the embedded engine placing calls at R per second;"
        + " writes reports/load/summary.json, timeseries.csv and PNG charts.")
final class LoadCommand implements Callable<Integer> {
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
    LoadReport report;
    try {
      report = LoadRun.run(profile, out, line -> System.err.println("callfarm-load: " + line));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    System.out.print(json ? ReportFiles.json(report) + System.lineSeparator()
        : SummaryText.render(report));
    return report.passed() ? 0 : 1;
  }

  private static Duration seconds(String option, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(option + " must be a number of seconds, got " + value);
    }
    return Duration.ofNanos(Math.round(value * 1e9));
  }
}
