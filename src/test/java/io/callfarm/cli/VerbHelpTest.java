package io.callfarm.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;
import picocli.CommandLine;

/** Every verb of the launcher answers {@code --help} with its own usage, and the top-level help lists them all. */
public class VerbHelpTest {

  /** The verbs named in the issues: a stable contract of the product's face. */
  private static final List<String> VERBS =
      List.of("analyze", "bench", "demo", "engine", "load", "run", "test", "usersig");

  @DataProvider
  public Object[][] javaVerbs() {
    return new CommandLine(new CallFarm()).getSubcommands().keySet().stream()
        .map(v -> new Object[] {v}).toArray(Object[][]::new);
  }

  @Test(dataProvider = "javaVerbs")
  public void eachVerbPrintsItsOwnUsage(String verb) {
    Launcher.Outcome help = Launcher.run(verb, "--help");
    assertEquals(help.exit(), 0, verb + " --help");
    assertTrue(help.stdout().startsWith("Usage: callfarm " + verb), help.stdout());
  }

  @Test
  public void theTopLevelHelpNamesEveryVerbAndOnlyThose() {
    String help = Launcher.run("--help").stdout();
    for (String verb : VERBS) {
      assertTrue(help.contains("\n  " + verb + " "), verb + " missing from: " + help);
    }
    assertEquals(javaVerbs().length, VERBS.size() - 1, "every verb but the launcher's own `test` runs in Java");
  }

  @Test
  public void everyCommandsHelpRendersWithoutAFormattingWarning() {
    List<CommandLine> commands = new ArrayList<>();
    collect(new CommandLine(new CallFarm()), commands);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      // picocli formats descriptions with String.format: a bare '%' prints a warning and the raw text
      commands.forEach(CommandLine::getUsageMessage);
    } finally {
      System.setErr(original);
    }
    assertEquals(err.toString(StandardCharsets.UTF_8), "", "while rendering the help of " + commands.size()
        + " commands");
    assertTrue(commands.size() > VERBS.size(), "sub-verbs (bench media, ...) are included");
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }

  @Test
  public void anUnknownVerbIsAUsageError() {
    Launcher.Outcome outcome = Launcher.run("deploy");
    assertEquals(outcome.exit(), 2);
  }
}
