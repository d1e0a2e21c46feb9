package io.callfarm.load;

import io.callfarm.scratch.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine as a child JVM of the load run ({@link EngineChild}), so engine and load generator each
 * have their own process and their own 20,000 file descriptors, like SIPp's uac and uas. Its output
 * goes to {@code engine.log} in the given directory; ready when {@link #start} returns. The child
 * exits when this process closes its standard input: on {@link #close()}, on Ctrl-C (a shutdown hook
 * closes it) and when this JVM dies (the pipe closes). The directory is the child's: {@link #close()} leaves it
 * (the caller keeps the log, then deletes it), but on Ctrl-C, where the caller's clean-up never runs, the hook
 * deletes it once the child has exited. JVM options for the child come from the
 * environment variable {@value #JAVA_OPTS_ENV} (e.g. {@code -Xmx2g}).
 */
final class EngineProcess implements AutoCloseable {
  static final String JAVA_OPTS_ENV = "CALLFARM_ENGINE_JAVA_OPTS";
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final OutputStream stdin;
  private final Path log;
  private final URI uri;
  private final Thread hook;
  private boolean closed;

  private EngineProcess(Process process, Path dir, Path log, URI uri) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
    this.uri = uri;
    this.hook = new Thread(() -> {
      stop();
      FileTrees.deleteOrWarn(dir, "the engine child's folder");
    }, "callfarm-engine-child-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts the child with its database and log in {@code dir} and waits for its ready line.
   *
   * @throws IllegalStateException when it exits or is not ready within {@code timeout}; the message
   *     carries the end of its log, and the child is stopped
   */
  static EngineProcess start(Path dir, Duration timeout) throws IOException, InterruptedException {
    Path log = dir.resolve("engine.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String opts = System.getenv(JAVA_OPTS_ENV);
    if (opts == null || !opts.matches(".*-XX:\\+Use[A-Za-z0-9]*GC.*")) {
      command.add("-XX:+UseParallelGC");
    }
    if (opts != null && !opts.isBlank()) {
      command.addAll(List.of(opts.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        EngineChild.class.getName(), dir.resolve("engine.db").toAbsolutePath().toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      int at = text.indexOf(EngineChild.READY);
      int end = at < 0 ? -1 : text.indexOf('\n', at);
      if (end > 0) {
        URI uri = URI.create(text.substring(at + EngineChild.READY.length(), end).trim());
        return new EngineProcess(process, dir, log, uri);
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IllegalStateException("the engine process " + (process.isAlive() ? "was not ready"
            + " within " + timeout.toSeconds() + " s" : "exited with code " + process.exitValue())
            + "; its log (" + log + "):\n" + text.substring(Math.max(0, text.length() - 3000)));
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
  }

  /** The child's signalling URI, {@code ws://127.0.0.1:PORT/ws}. */
  URI signallingUri() {
    return uri;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Stops the child (end of input, then SIGTERM, then SIGKILL) and waits for it. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) stop() itself
    }
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stdin.close();
      if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
