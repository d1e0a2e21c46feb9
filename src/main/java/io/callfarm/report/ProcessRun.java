package io.callfarm.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived external command to completion within a deadline, output (stdout and stderr merged) captured
 * in a temp file so a chatty process can never block on a full pipe. The process is killed, with its children,
 * if the deadline passes.
 */
final class ProcessRun {

  /** Keeps error messages readable: the end of the output is what explains a failure. */
  static final int MAX_OUTPUT_CHARS = 8_000;

  /** @param exitCode the process's exit code, or -1 if it was killed at the deadline */
  record Result(int exitCode, String output) {}

  private ProcessRun() {}

  static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
    Path log = null;
    try {
      Files.createDirectories(dir);
      log = Files.createTempFile("callfarm-process", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      boolean done;
      try {
        done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = false;
      }
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.onExit().join();
        return new Result(-1, tail(log) + "\n[killed after " + timeout.toSeconds() + " s]");
      }
      return new Result(p.exitValue(), tail(log));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run `" + String.join(" ", command) + "` in " + dir + ": "
          + e.getMessage(), e);
    } finally {
      if (log != null) {
        log.toFile().delete();
      }
    }
  }

  private static String tail(Path log) throws IOException {
    String out = Files.readString(log, StandardCharsets.UTF_8);
    return out.length() <= MAX_OUTPUT_CHARS ? out : "…" + out.substring(out.length() - MAX_OUTPUT_CHARS);
  }
}
