package io.callfarm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code callfarm} launcher: one picocli command per verb. */
@Command(name = "callfarm", mixinStandardHelpOptions = true, version = "callfarm 0.1.0",
    description = "Load and interop test suite for real-time audio calls.",
    subcommands = {AnalyzeCommand.class, BenchCommand.class, DemoCommand.class, EngineCommand.class, LoadCommand.class,
        RunCommand.class,
        UsersigCommand.class},
    // the launcher script runs this verb itself (Maven, not this JVM)
    footer = {"  test     The project's own tests, unit and integration tiers, through Maven",
        "             (./callfarm test --help)."})
public final class CallFarm implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CallFarm()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
