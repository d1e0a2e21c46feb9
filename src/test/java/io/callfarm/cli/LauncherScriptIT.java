package io.callfarm.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.scratch.Scratch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * The launcher script as a user runs it, for what only the script does: its own verb {@code test} answers
 * {@code --help} itself (it used to hand the flag to Maven, which printed Maven's usage), and standard output that
 * is not a terminal carries only what CallFarm printed (webrtc-java's native library adds two lines as the process
 * exits, which made every {@code --json} document of a verb using WebRTC unreadable), and {@code --help} of any
 * verb installs nothing ({@code run --help} used to run the Appium installer, npm ci, before printing the usage).
 */
@Test(groups = "integration")
public class LauncherScriptIT {

  private record Run(int exit, String stdout, String stderr) {
  }

  @Test
  public void helpOfAVerbInstallsNothing() throws Exception {
    // BASH_ENV is read by every non-interactive bash the launcher starts: the log names each script it ran
    Path dir = Scratch.folder("launcher-help");
    Path ran = dir.resolve("scripts-run.log");
    Path logger = dir.resolve("log-script.sh");
    Files.writeString(logger, "echo \"$0\" >> '" + ran + "'\n");
    Run run = launch(60, Map.of("BASH_ENV", logger.toString()), "run", "--help");
    assertEquals(run.exit(), 0, run.stderr());
    assertTrue(run.stdout().startsWith("Usage: callfarm run"), run.stdout());
    String scripts = Files.readString(ran);
    assertTrue(scripts.contains("callfarm"), "the log sees the launcher itself: " + scripts);
    assertFalse(scripts.contains("install-"), "no installer ran: " + scripts);
    String output = (run.stdout() + run.stderr()).toLowerCase(java.util.Locale.ROOT);
    assertFalse(output.contains("npm") || output.contains("appium"), "no installer output: " + output);
  }

  @Test
  public void testHelpIsTheVerbsUsageAndStartsNoBuild() throws Exception {
    Run run = launch(60, Map.of(), "test", "--help");
    assertEquals(run.exit(), 0, run.stdout());
    assertTrue(run.stdout().startsWith("Usage: callfarm test"), run.stdout());
    assertFalse(run.stdout().contains("mvn [options]") || run.stdout().contains("[INFO]"),
        "Maven did not run: " + run.stdout());
  }

  @Test
  public void jsonFromAVerbThatRanWebRtcIsOneDocumentAndNothingElse() throws Exception {
    Run run = launch(180, Map.of(), "bench", "clean-call", "--calls", "1", "--seconds", "3", "--json");
    assertEquals(run.exit(), 0, run.stdout());
    JsonNode figures = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .readTree(run.stdout());
    assertEquals(figures.path("calls").size(), 1, run.stdout());
    assertFalse(run.stdout().contains("attach"), run.stdout());
  }

  @Test
  public void aLoadRunStoppedWithTermLeavesNeitherItsEngineNorItsFolder() throws Exception {
    Path out = Scratch.folder("callfarm-load-term-");
    Path stderr = Scratch.file("launcher", ".stderr");
    ProcessBuilder builder = new ProcessBuilder("bash", Path.of("callfarm").toAbsolutePath().toString(), "load",
        "--users", "20", "--cps", "2", "--duration", "60", "--out", out.toString())
        .redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("CALLFARM_NO_BUILD", "1");
    Process launcher = builder.start();
    try {
      java.util.regex.Pattern started = java.util.regex.Pattern.compile("engine child process (\\d+) at");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String log = "";
      while (!started.matcher(log).find() && System.nanoTime() < deadline && launcher.isAlive()) {
        launcher.waitFor(100, TimeUnit.MILLISECONDS);
        log = Files.readString(stderr);
      }
      java.util.regex.Matcher m = started.matcher(log);
      assertTrue(m.find(), "the run started its engine: " + log);
      long enginePid = Long.parseLong(m.group(1));
      try (var folders = Files.list(out)) {
        assertTrue(folders.anyMatch(f -> f.getFileName().toString().startsWith("engine-")), "the engine's folder");
      }

      new ProcessBuilder("kill", "-TERM", Long.toString(launcher.pid())).start().waitFor();

      assertTrue(launcher.waitFor(30, TimeUnit.SECONDS), "the launcher ended within 30 s of TERM");
      assertFalse(ProcessHandle.of(enginePid).map(ProcessHandle::isAlive).orElse(false), "the engine child ended");
      try (var folders = Files.list(out)) {
        assertEquals(folders.filter(f -> f.getFileName().toString().startsWith("engine-")).count(), 0L,
            "the engine's folder was deleted; stderr: " + Files.readString(stderr));
      }
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  /**
   * Runs {@code ./callfarm ARGS} on this build (no rebuild from inside it) with {@code environment} added, standard
   * output into a pipe, standard error into a file.
   */
  private static Run launch(int timeoutSeconds, Map<String, String> environment, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash",
        Path.of("callfarm").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path stderr = Scratch.file("launcher", ".stderr");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().put("CALLFARM_NO_BUILD", "1");
    builder.environment().putAll(environment);
    Process launcher = builder.start();
    try {
      // the output is a few kilobytes at most: it fits the pipe while the launcher runs
      assertTrue(launcher.waitFor(timeoutSeconds, TimeUnit.SECONDS), "the launcher ended within " + timeoutSeconds
          + " s");
      return new Run(launcher.exitValue(), new String(launcher.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8), Files.readString(stderr));
    } finally {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }
}
