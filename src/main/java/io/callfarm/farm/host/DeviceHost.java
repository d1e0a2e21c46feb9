package io.callfarm.farm.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.farm.FarmException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One device host as the orchestrator sees it: the child JVM ({@link HostMain}), its loopback connection and the
 * devices it runs. Requests are answered in order of arrival per device; at most {@value HostMain#MAX_IN_FLIGHT}
 * are in flight (a coded refusal beyond). When the process dies, every device of it is lost with the reason
 * {@code device host crashed (exit N, last log lines: ...)}, pending requests fail with it, and the owner is told
 * (so the farm starts a new host for later leases). {@link #close()} shuts it down and waits for its exit; nothing
 * of it outlives the orchestrator either (it exits when its standard input closes).
 */
final class DeviceHost implements AutoCloseable {
  /**
   * How a host is started.
   *
   * @param signalling the engine's WebSocket URI its devices connect to
   * @param recordings where its devices record (same layout as in-process devices)
   * @param seed the network emulator's seed
   * @param logs where each host's output goes ({@code host-N.log})
   * @param startTimeout how long a host may take to be ready
   */
  record Settings(URI signalling, Path recordings, long seed, Path logs, Duration startTimeout) {}

  /** JVM options of a host: the launcher's collector, a heap ample for nine talking devices. */
  static final List<String> JAVA_OPTIONS = List.of("-XX:+UseParallelGC", "-Xmx1g");
  private static final int LOG_LINES_IN_REASON = 5;
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private final int number;
  private final Process process;
  private final Path log;
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private final long startUpMillis;
  private final Consumer<DeviceHost> onLost;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Semaphore inFlight = new Semaphore(HostMain.MAX_IN_FLIGHT);
  private final AtomicLong requestIds = new AtomicLong();
  private final Map<String, HostedDevice> devices = new ConcurrentHashMap<>();
  private volatile ClockOffset clock;
  private volatile String lost;
  private volatile boolean closing;

  /** The accepted connection of a host and the reader its hello came through (it may have read ahead). */
  private record Connection(Socket socket, BufferedReader in) {}

  private DeviceHost(int number, Process process, Path log, Connection connection, long startUpMillis,
      Consumer<DeviceHost> onLost) throws IOException {
    this.number = number;
    this.process = process;
    this.log = log;
    this.socket = connection.socket();
    this.in = connection.in();
    this.out = socket.getOutputStream();
    this.startUpMillis = startUpMillis;
    this.onLost = onLost;
  }

  /**
   * Starts host {@code number} and waits until it is ready (connected, media engine up, clock calibrated).
   *
   * @param onLost told once, on a reader thread, when the host died
   * @throws FarmException when it does not come up within the start timeout, with its log's last lines
   */
  static DeviceHost start(Settings settings, int number, Consumer<DeviceHost> onLost) {
    long started = System.nanoTime();
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path log = settings.logs().resolve("host-" + number + ".log").toAbsolutePath();
    Process process = null;
    try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      Files.createDirectories(log.getParent());
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(JAVA_OPTIONS);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), HostMain.class.getName(),
          "--port", String.valueOf(server.getLocalPort()), "--signalling", settings.signalling().toString(),
          "--recordings", settings.recordings().toAbsolutePath().toString(), "--seed",
          String.valueOf(settings.seed()), "--host-id", String.valueOf(number)));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put(HostMain.TOKEN_ENV, token);
      process = builder.start();
      Connection connection = accept(server, process, token, log,
          started + settings.startTimeout().toNanos(), number);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      DeviceHost host = new DeviceHost(number, process, log, connection, millis, onLost);
      host.listen();
      host.clock = ClockOffset.calibrate(host::hostNow, 5);
      System.err.println("callfarm-farm: device host " + number + " ready in " + millis + " ms (pid "
          + process.pid() + ", " + host.clock + ", log " + log + ")");
      return host;
    } catch (IOException | RuntimeException e) {
      if (process != null) {
        process.destroyForcibly();
      }
      throw e instanceof FarmException f ? f : new FarmException("device host " + number
          + " could not start: " + e.getMessage() + "; last log lines: " + tail(log), e);
    }
  }

  private static Connection accept(ServerSocket server, Process process, String token, Path log, long deadline,
      int number) throws IOException {
    server.setSoTimeout(200);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new FarmException("device host " + number + " exited (" + process.exitValue()
            + ") before it was ready; last log lines: " + tail(log));
      }
      Socket socket;
      try {
        socket = server.accept();
      } catch (SocketTimeoutException e) {
        continue;
      }
      socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      ObjectNode hello;
      try {
        hello = HostWire.read(in);
      } catch (IOException e) {
        socket.close();
        continue;
      }
      if (hello != null && "hello".equals(hello.path("op").asText()) && MessageDigest.isEqual(
          token.getBytes(StandardCharsets.UTF_8), hello.path("token").asText().getBytes(StandardCharsets.UTF_8))
          && hello.path("pid").asLong() == process.pid()) {
        socket.setSoTimeout(0);
        socket.setTcpNoDelay(true);
        return new Connection(socket, in);
      }
      socket.close(); // not our child: someone else on this machine connected to the port
    }
    throw new FarmException("device host " + number + " was not ready within its start timeout; last log "
        + "lines: " + tail(log));
  }

  /** Reads the host's frames on a daemon thread: replies complete requests, events go to their device. */
  private void listen() {
    Thread reader = new Thread(() -> {
      try {
        ObjectNode frame;
        while ((frame = HostWire.read(in)) != null) {
          dispatch(frame);
        }
      } catch (IOException e) {
        // the connection broke: the host died or is being closed
      }
      gone();
    }, "callfarm-host-" + number + "-reader");
    reader.setDaemon(true);
    reader.start();
    process.onExit().thenRun(this::gone);
  }

  private void dispatch(ObjectNode frame) {
    if (frame.has("re")) {
      CompletableFuture<JsonNode> answer = pending.get(frame.get("re").asLong());
      if (answer != null) {
        if (frame.path("ok").asBoolean()) {
          answer.complete(frame.path("result"));
        } else {
          answer.completeExceptionally(new FarmException(frame.path("error").asText()));
        }
      }
    } else if ("event".equals(frame.path("op").asText())) {
      HostedDevice device = devices.get(frame.path("device").asText());
      if (device != null) {
        device.append(HostWire.event(frame, this::toLocalNanos));
      }
    }
  }

  /** The host died (or was closed): marks it lost once, fails what waits on it, tells the owner. */
  private void gone() {
    synchronized (this) {
      if (lost != null) {
        return;
      }
      if (closing) {
        lost = "device host " + number + " was closed";
      } else {
        String exit;
        try {
          if (process.waitFor(5, TimeUnit.SECONDS)) {
            exit = "exit " + process.exitValue();
          } else {
            process.destroyForcibly();
            exit = "connection lost, process killed";
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          exit = "connection lost";
        }
        lost = "device host crashed (" + exit + ", last log lines: " + tail(log) + ")";
        System.err.println("callfarm-farm: device host " + number + " (pid " + process.pid() + ") is gone: "
            + lost + "; devices lost: " + devices.keySet() + "; full log " + log);
      }
    }
    FarmException reason = new FarmException(lost);
    pending.values().forEach(answer -> answer.completeExceptionally(reason));
    try {
      socket.close();
    } catch (IOException e) {
      // closing a dead connection
    }
    if (!closing) {
      onLost.accept(this);
    }
  }

  /**
   * Sends one request and waits for its answer.
   *
   * @throws FarmException with the host's error, the loss reason, or a timeout naming the op
   */
  JsonNode request(ObjectNode frame, Duration timeout) {
    String reason = lost;
    if (reason != null) {
      throw new FarmException(reason);
    }
    String what = frame.path("device").asText("host " + number) + " " + frame.path("op").asText();
    try {
      if (!inFlight.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new FarmException("device host " + number + ": " + HostMain.MAX_IN_FLIGHT + " requests in flight for "
            + timeout.toMillis() + " ms; refused " + what + " (host_busy)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FarmException("interrupted before " + what, e);
    }
    long id = requestIds.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      frame.put("id", id);
      synchronized (out) {
        HostWire.write(out, frame);
      }
      if (lost != null) {
        throw new FarmException(lost); // died between the check and the registration
      }
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      gone();
      throw new FarmException(lost != null ? lost : "device host " + number + ": " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw new FarmException("device host " + number + " did not answer " + what + " within " + timeout.toMillis()
          + " ms (log " + log + ")", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof FarmException f ? new FarmException(f.getMessage(), f)
          : new FarmException(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FarmException("interrupted waiting for " + what, e);
    } finally {
      pending.remove(id);
      inFlight.release();
    }
  }

  private long hostNow() {
    return request(HostWire.request("ping", null), Duration.ofSeconds(5)).path("nanos").asLong();
  }

  /** Creates a device in this host (the caller checked its capacity). */
  HostedDevice create(String id, Duration invitationTimeout, io.callfarm.engine.call.Flavour flavour,
      HostedDevice.Network network, io.callfarm.farm.VirtualDevice.Credentials credentials) {
    HostedDevice device = new HostedDevice(this, id, credentials, network);
    devices.put(id, device);
    try {
      request(HostWire.request("create", id).put("invitationTimeoutMs", invitationTimeout.toMillis())
          .put("flavour", flavour.id()),
          Duration.ofSeconds(10));
      return device;
    } catch (RuntimeException e) {
      devices.remove(id);
      throw e;
    }
  }

  /** The device closed (or was lost with its host): no more events for it. */
  void forget(String id) {
    devices.remove(id);
  }

  long toLocalNanos(long hostNanos) {
    ClockOffset c = clock;
    return c == null ? hostNanos : c.toLocal(hostNanos);
  }

  int number() {
    return number;
  }

  long pid() {
    return process.pid();
  }

  long startUpMillis() {
    return startUpMillis;
  }

  Path logFile() {
    return log;
  }

  List<String> deviceIds() {
    return List.copyOf(devices.keySet());
  }

  int deviceCount() {
    return devices.size();
  }

  /** Why this host is gone, or null while it runs. */
  String lost() {
    return lost;
  }

  /** The last lines of a host's log, joined with {@code " | "} (empty when it wrote none). */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank()).toList();
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_REASON), lines.size());
      return last.isEmpty() ? "(none)" : String.join(" | ", last);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Asks the host to shut down and waits for it to close its media and exit; after 10 s closes its standard input
   * (it halts), then kills it. Closes the connection.
   */
  @Override
  public void close() {
    closing = true;
    boolean asked = false;
    if (lost == null) {
      try {
        request(HostWire.request("shutdown", null), Duration.ofSeconds(5));
        asked = true;
      } catch (FarmException e) {
        // it may close the connection right after its answer; its exit below is what counts
        asked = !process.isAlive() || lost != null;
      }
    }
    try {
      if (!asked || !process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          System.err.println("callfarm-farm: device host " + number + " did not exit; killing it (log " + log + ")");
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      }
      process.getOutputStream().close();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      socket.close();
    } catch (IOException e) {
      // already closed by the host's exit
    }
    gone();
  }
}
