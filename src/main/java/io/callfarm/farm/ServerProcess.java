package io.callfarm.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A long-running server started as a child process (Appium, Selenium Grid): output (stdout and stderr
 * merged) goes to a temp file (deleted when the JVM exits) so a chatty server never blocks on a full
 * pipe and the report can attach it;
 * ready when {@code GET <base>/status} answers {@code {"value":{"ready":true}}}, the readiness both
 * Appium and the Grid serve. {@link #close()} stops the server and every process it started.
 */
public final class ServerProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path output;
  private final URI base;
  private boolean closed;

  private ServerProcess(String name, Process process, Path output, URI base) {
    this.name = name;
    this.process = process;
    this.output = output;
    this.base = base;
  }

  /**
   * Starts {@code command} in {@code dir} and waits until {@code base/status} is ready.
   *
   * @param name for messages, e.g. {@code appium}
   * @param base the server's base URL, e.g. {@code http://127.0.0.1:4723}
   * @throws FarmException when the process exits or is not ready within {@code timeout}; the message
   *     carries the end of its output. The process is stopped then.
   */
  public static ServerProcess start(String name, List<String> command, Path dir,
      Map<String, String> env, URI base, Duration timeout) {
    Path output;
    Process process;
    try {
      output = Files.createTempFile("callfarm-" + name + "-", ".log");
      output.toFile().deleteOnExit(); // readable after close, for the report, until the JVM ends
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().putAll(env);
      process = builder.start();
    } catch (IOException e) {
      throw new FarmException("cannot start " + name + " (" + String.join(" ", command) + "): "
          + e.getMessage(), e);
    }
    ServerProcess server = new ServerProcess(name, process, output, base);
    try {
      server.awaitReady(timeout);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** A TCP port free on 127.0.0.1 right now, for servers that cannot bind port 0 and report it. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  public URI base() {
    return base;
  }

  /** The process's output so far (stdout and stderr merged); kept after {@link #close()}. */
  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + name + " output unreadable: " + e.getMessage() + ")";
    }
  }

  /** The file holding {@link #output()}, to attach to a report. */
  public Path outputFile() {
    return output;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest status = HttpRequest.newBuilder(base.resolve("/status")).timeout(Duration.ofSeconds(2))
        .GET().build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new FarmException(name + " exited with code " + process.exitValue()
            + " before it was ready; its output:\n" + tail());
      }
      try {
        HttpResponse<String> answer = http.send(status, HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(answer.body()).path("value");
        if (answer.statusCode() == 200 && value.path("ready").asBoolean(false)) {
          return;
        }
        last = "status " + answer.statusCode() + " " + value.path("message").asText("");
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FarmException("interrupted while waiting for " + name, e);
      }
      try {
        process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FarmException("interrupted while waiting for " + name, e);
      }
    }
    throw new FarmException(name + " not ready at " + base + "/status within " + timeout.toMillis()
        + " ms (last: " + last + "); its output:\n" + tail());
  }

  private String tail() {
    String all = output();
    return all.substring(Math.max(0, all.length() - 4000));
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL after 10 s) and every process it started that is still its
   * descendant; waits for all of them.
   *
   * @throws FarmException when some process had to be killed forcibly, naming it
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
        .toList();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        p.onExit().completeOnTimeout(p, left, TimeUnit.NANOSECONDS).join();
      }
    }
    List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
    alive.forEach(ProcessHandle::destroyForcibly);
    if (!alive.isEmpty()) {
      throw new FarmException(name + " processes ignored SIGTERM for " + EXIT_TIMEOUT.toSeconds()
          + " s and were killed: " + alive.stream().map(p -> p.pid() + " "
              + p.info().command().orElse("?")).toList());
    }
  }
}
