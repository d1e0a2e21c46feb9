package io.callfarm.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Turns allure-testng results into the HTML report with the Allure command line ({@value
 * AllureCommandLine#VERSION}, fetched on first use into {@code target/allure}). The command line runs on the JDK
 * running us ({@code JAVA_HOME} is set for it). The report loads its data with XHR, so browsers refuse to show
 * it from {@code file://}: open it with {@code allure open <htmlDir>} or any static HTTP server
 * ({@code python3 -m http.server -d <htmlDir>}).
 */
public final class AllureReport {

  /** Generation of a few hundred results takes seconds; this bounds a hung JVM. */
  public static final Duration GENERATE_TIMEOUT = Duration.ofMinutes(3);

  private AllureReport() {}

  /**
   * Generates {@code htmlDir/index.html} from {@code resultsDir}, replacing whatever {@code htmlDir} held.
   * Fetches the command line (network, once) into {@code target/allure} of the working directory if needed.
   *
   * @return {@code htmlDir/index.html}
   * @throws AllureReportException when the results are missing, the command line cannot be fetched, or it fails
   *                               or times out (the message carries its output)
   */
  public static Path generate(Path resultsDir, Path htmlDir) {
    return generate(resultsDir, htmlDir, Path.of("target", "allure"));
  }

  /** As {@link #generate(Path, Path)}, keeping the command line in {@code toolDir}. */
  public static Path generate(Path resultsDir, Path htmlDir, Path toolDir) {
    if (!Files.isDirectory(resultsDir)) {
      throw new AllureReportException("no Allure results at " + resultsDir.toAbsolutePath() + ": run the tests"
          + " with the AllureTestNg listener first (see AllureResults)");
    }
    Path launcher = new AllureCommandLine(toolDir).launcher();
    List<String> command = List.of(launcher.toString(), "generate", resultsDir.toAbsolutePath().toString(), "-o",
        htmlDir.toAbsolutePath().toString(), "--clean");
    ProcessRun.Result r = ProcessRun.run(command, toolDir.toAbsolutePath(),
        Map.of("JAVA_HOME", System.getProperty("java.home")), GENERATE_TIMEOUT);
    Path index = htmlDir.resolve("index.html");
    if (r.exitCode() != 0 || !Files.isRegularFile(index)) {
      throw new AllureReportException("`" + String.join(" ", command) + "` "
          + (r.exitCode() == -1 ? "timed out" : "exited with " + r.exitCode()) + " and left no " + index
          + "; output:\n" + r.output());
    }
    return index;
  }

  /** The hint to print after generating: how to look at the report (it does not work from {@code file://}). */
  public static String openHint(Path htmlDir) {
    return "Allure report: " + htmlDir.resolve("index.html") + " - serve it to view it, e.g. `python3 -m"
        + " http.server -b 127.0.0.1 -d " + htmlDir + " 8080` then http://127.0.0.1:8080/, or `"
        + Path.of("target", "allure", "allure-" + AllureCommandLine.VERSION, "bin", "allure") + " open " + htmlDir
        + "`";
  }
}
