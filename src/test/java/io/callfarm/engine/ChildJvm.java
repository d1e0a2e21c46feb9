package io.callfarm.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java main class in a child JVM on this test's classpath, with its output in a file: the way to
 * kill ({@code kill -9}) or freeze ({@code SIGSTOP}) an engine or a device for real. Closing it kills
 * the process (and resumes it first when frozen, so nothing is left behind).
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}, extra environment variables and its output in {@code log}. The
   * native SQLite library the child unpacks goes into the log's folder: a child killed with {@code kill -9}
   * cannot remove it, and in the system's temporary folder it would stay for good.
   */
  public static ChildJvm start(Class<?> mainClass, List<String> args, Map<String, String> env,
      Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:+UseSerialGC", "-Dorg.sqlite.tmpdir=" + log.toAbsolutePath().getParent(),
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ChildJvm(builder.start(), log);
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the first output line matching {@code pattern}; returns its first group. */
  public String await(Pattern pattern, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> found = find(pattern);
      if (found.isPresent()) {
        return found.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("child exited " + process.exitValue() + " before "
            + pattern + ":\n" + output());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new IllegalStateException("no " + pattern + " within " + timeout.toMillis() + " ms:\n"
        + output());
  }

  private Optional<String> find(Pattern pattern) throws IOException {
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Optional.of(m.groupCount() > 0 ? m.group(1) : line);
      }
    }
    return Optional.empty();
  }

  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGTERM, then waits for it to exit: shutdown hooks run (an engine closes its database). */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child did not stop within 15 s after SIGTERM");
    }
  }

  /** {@code kill -9}: no shutdown hook, no flush, no close frames. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process stays, its sockets stay open, it answers nothing. */
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      resume();
      kill();
    }
  }
}
