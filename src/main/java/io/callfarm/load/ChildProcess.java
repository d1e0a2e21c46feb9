package io.callfarm.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A process a distributed load run starts (a jmeter-server worker, the JMeter controller), run under
 * a {@code /bin/sh} watchdog that kills it when the watchdog's standard input closes — on
 * {@link #close()}, and when this JVM dies however it dies — so it never outlives the load command.
 * Output (stdout and stderr) goes to a file. The command's environment gets {@code env} on top of
 * this process's; nothing secret goes on its command line.
 */
final class ChildProcess implements AutoCloseable {
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Runs "$@" in the background and a watcher that kills it at the end of this shell's input (fd 3:
   * a background list's own stdin would be /dev/null); exits with the child's status.
   */
  private static final String WATCHDOG = "exec 3<&0; \"$@\" </dev/null & child=$!; "
      + "(cat <&3 >/dev/null; kill $child 2>/dev/null) & watcher=$!; wait $child; status=$?; "
      + "kill $watcher 2>/dev/null; exit $status";

  private final String name;
  private final Process process;
  private final OutputStream stdin;
  private final Path output;
  private final Thread hook;
  private boolean closed;

  private ChildProcess(String name, Process process, Path output) {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.output = output;
    this.hook = new Thread(this::stop, "callfarm-stop-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static ChildProcess start(String name, List<String> command, Map<String, String> env,
      Path output) throws IOException {
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, name));
    wrapped.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(wrapped).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), output);
  }

  /** Waits until {@code 127.0.0.1:port} accepts connections (or the process ends / the deadline). */
  void awaitPort(String host, int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue()
            + " before it listened on " + host + ":" + port + "; its output:\n" + tail());
      }
      try (Socket socket = new Socket(host, port)) {
        return;
      } catch (IOException e) {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException(name + " did not listen on " + host + ":" + port + " within "
        + timeout.toSeconds() + " s; its output:\n" + tail());
  }

  /** Waits for the process to end; its exit code, or -1 when it is still running at the deadline. */
  int waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** The process and its descendants (the watchdog shell, the JVM). */
  List<ProcessHandle> tree() {
    return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path output() {
    return output;
  }

  /** The last 4,000 characters of its output. */
  String tail() {
    try {
      String all = Files.readString(output, StandardCharsets.UTF_8);
      return all.substring(Math.max(0, all.length() - 4000));
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }

  /** A TCP port free on the loopback interface right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs stop() itself
    }
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
        .toList();
    try {
      stdin.close();
      if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroy);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      // the pipe is gone already: the watchdog saw end of input
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
