package io.callfarm.farm.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.call.Flavour;
import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.WebRtcCallMedia;
import io.callfarm.engine.net.Impairment;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.Farm;
import io.callfarm.farm.FarmException;
import io.callfarm.farm.MicSpec;
import io.callfarm.farm.VirtualDevice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The device host: a child JVM that runs virtual devices with native media for an orchestrator
 * ({@link DeviceHost}), so a crash in webrtc-java's native code ends this process, not the test run. Shares one
 * client runtime, media engine and network fabric among its devices, as the in-process farm did.
 *
 * <p>Arguments: {@code --port P} (the orchestrator's loopback port), {@code --signalling URI}, {@code --recordings
 * DIR}, {@code --seed N}, {@code --host-id K}; the connection token comes in the environment
 * ({@value #TOKEN_ENV}), never on the command line. It exits when its standard input or its connection closes (the
 * orchestrator is gone), so it never outlives the run. Its output is its log: one line per request and callback.
 */
public final class HostMain {
  static final String TOKEN_ENV = "CALLFARM_HOST_TOKEN";
  /** Requests in flight at once; the orchestrator keeps to the same bound ({@link DeviceHost}). */
  static final int MAX_IN_FLIGHT = 16;
  private static final Duration HEARTBEAT = Duration.ofSeconds(2);

  private final URI signalling;
  private final OutputStream out;
  private final ClientRuntime runtime;
  private final MediaEngine media;
  private final NetworkFabric fabric;
  private final ScheduledExecutorService sampler;
  private final WebRtcCallMedia.Settings settings;
  private final Map<String, Hosted> devices = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor workers = new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> daemon(r, "callfarm-host-request"));

  /** One hosted device and the thread that forwards its callbacks. */
  private record Hosted(VirtualDevice device, Thread forwarder) {}

  private HostMain(URI signalling, Path recordings, long seed, OutputStream out) {
    this.signalling = signalling;
    this.out = out;
    this.runtime = ClientRuntime.start(2);
    this.media = new MediaEngine(Farm.MIC_WARM_UP);
    this.fabric = new NetworkFabric(seed);
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "callfarm-host-stats"));
    this.settings = new WebRtcCallMedia.Settings(media, fabric, recordings, sampler, Duration.ofSeconds(1));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String token = System.getenv(TOKEN_ENV);
    if (token == null || token.isBlank()) {
      System.err.println("error: " + TOKEN_ENV + " is not set; device hosts are started by the farm");
      System.exit(2);
    }
    int port = Integer.parseInt(options.get("--port"));
    watchStandardInput();
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    OutputStream out = socket.getOutputStream();
    HostMain host = new HostMain(URI.create(options.get("--signalling")), Path.of(options.get("--recordings")),
        Long.parseLong(options.get("--seed")), out);
    log("host " + options.get("--host-id") + " ready, pid " + ProcessHandle.current().pid());
    synchronized (out) {
      HostWire.write(out, HostWire.JSON.createObjectNode().put("op", "hello").put("token", token)
          .put("pid", ProcessHandle.current().pid()));
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
        StandardCharsets.UTF_8))) {
      host.serve(in);
    } finally {
      host.shutdown();
    }
  }

  private void serve(BufferedReader in) throws IOException {
    ObjectNode frame;
    while ((frame = HostWire.read(in)) != null) {
      ObjectNode request = frame;
      long id = request.path("id").asLong();
      String op = request.path("op").asText();
      if (op.equals("ping") || op.equals("shutdown")) {
        answer(id, request); // at once, on this thread: a clock reading must not queue
        if (op.equals("shutdown")) {
          return;
        }
        continue;
      }
      try {
        workers.execute(() -> answer(id, request));
      } catch (RejectedExecutionException e) {
        reply(HostWire.JSON.createObjectNode().put("re", id).put("ok", false).put("error",
            "device host busy: " + MAX_IN_FLIGHT + " requests in flight (host_busy)"));
      }
    }
    log("orchestrator closed the connection");
  }

  private void answer(long id, ObjectNode request) {
    ObjectNode reply = HostWire.JSON.createObjectNode().put("re", id);
    try {
      JsonNode result = handle(request);
      reply.put("ok", true).set("result", result);
    } catch (FarmException | IllegalArgumentException | IllegalStateException e) {
      reply.put("ok", false).put("error", String.valueOf(e.getMessage()));
    } catch (Exception e) {
      reply.put("ok", false).put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (!reply.path("ok").asBoolean()) {
      log(request.path("device").asText("-") + " " + request.path("op").asText() + " failed: "
          + reply.path("error").asText());
    }
    reply(reply);
  }

  private JsonNode handle(ObjectNode r) throws Exception {
    String op = r.path("op").asText();
    String id = r.path("device").asText(null);
    if (!op.equals("ping")) {
      log((id == null ? "host" : id) + " " + op + describe(r));
    }
    switch (op) {
      case "ping":
        return HostWire.JSON.createObjectNode().put("nanos", System.nanoTime());
      case "shutdown":
        return HostWire.JSON.nullNode();
      case "network":
        fabric.setProfile(r.path("user").asText(), new NetworkFabric.Profile(
            Impairment.parse(r.path("uplink").asText()), Impairment.parse(r.path("downlink").asText())));
        return HostWire.JSON.nullNode();
      case "create":
        create(id, Duration.ofMillis(r.path("invitationTimeoutMs").asLong()),
            Flavour.of(r.path("flavour").asText(Flavour.IOS_V4.id())));
        return HostWire.JSON.nullNode();
      default:
        return handle(op, device(id), r);
    }
  }

  private JsonNode handle(String op, VirtualDevice device, ObjectNode r) throws Exception {
    switch (op) {
      case "login":
        device.login(r.path("user").asText(), r.path("sdkAppId").asLong(), r.path("userSig").asText());
        return HostWire.JSON.nullNode();
      case "logout":
        device.logout();
        return HostWire.JSON.nullNode();
      case "call":
        return HostWire.action(device.call(r.path("user").asText()));
      case "groupCall": {
        List<String> users = new ArrayList<>();
        r.path("users").forEach(u -> users.add(u.asText()));
        return HostWire.action(device.groupCall(users, r.path("groupId").asText(null)));
      }
      case "accept":
        return HostWire.action(device.accept());
      case "reject":
        return HostWire.action(device.reject());
      case "hangup":
        return HostWire.action(device.hangup());
      case "mute":
        return HostWire.action(device.setMicMute(r.path("on").asBoolean()));
      case "handsFree":
        return HostWire.action(device.setHandsFree(r.path("on").asBoolean()));
      case "mic":
        device.setMic(MicSpec.parse(r.path("spec").asText()));
        return HostWire.JSON.nullNode();
      case "sent":
        return HostWire.sent(device.sent());
      case "talking":
        return HostWire.JSON.getNodeFactory().booleanNode(
            device.awaitTalking(Duration.ofMillis(r.path("waitMs").asLong())));
      case "heard":
        return HostWire.heard(device.heard(r.path("user").asText(), Duration.ofMillis(r.path("waitMs").asLong())));
      case "recordedFrom": {
        ArrayNode users = HostWire.JSON.createArrayNode();
        device.recordedFrom().forEach(users::add);
        return users;
      }
      case "close":
        close(device.id());
        return HostWire.JSON.nullNode();
      default:
        throw new FarmException("unknown device-host op '" + op + "'");
    }
  }

  private void create(String id, Duration invitationTimeout, Flavour flavour) {
    if (devices.containsKey(id)) {
      throw new FarmException("device " + id + " exists in this host already");
    }
    ClientConfig config = ClientConfig.of(signalling).withInvitationTimeout(invitationTimeout)
        .withHeartbeatInterval(HEARTBEAT);
    VirtualDevice device = new VirtualDevice(id, null, runtime, config, settings, flavour);
    Thread forwarder = daemon(() -> forward(device), "callfarm-host-events-" + id);
    devices.put(id, new Hosted(device, forwarder));
    forwarder.start();
  }

  /** Pushes every callback of {@code device} as it is logged, in order, until the device closes. */
  private void forward(VirtualDevice device) {
    EventLog events = device.events();
    int sent = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        int known = sent;
        events.await(e -> events.events().size() > known, Duration.ofSeconds(1));
        List<CallEvent> all = events.events();
        for (int i = sent; i < all.size(); i++) {
          log(device.id() + " " + all.get(i).signature());
          reply(HostWire.event(device.id(), all.get(i)));
        }
        sent = Math.max(sent, all.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the device closed
    }
  }

  private VirtualDevice device(String id) {
    Hosted hosted = id == null ? null : devices.get(id);
    if (hosted == null) {
      throw new FarmException("device " + id + " is not in this host");
    }
    return hosted.device();
  }

  private void close(String id) {
    Hosted hosted = devices.remove(id);
    if (hosted != null) {
      hosted.forwarder().interrupt();
      hosted.device().close();
    }
  }

  private void reply(JsonNode frame) {
    try {
      synchronized (out) {
        HostWire.write(out, frame);
      }
    } catch (IOException e) {
      log("cannot answer the orchestrator (" + e.getMessage() + "); exiting");
      Runtime.getRuntime().halt(3);
    }
  }

  /** Closes every device and the media, bounded: a native close that hangs must not keep the process alive. */
  private void shutdown() {
    Thread closer = daemon(() -> {
      devices.keySet().forEach(this::close);
      media.close();
      fabric.close();
      sampler.shutdownNow();
      runtime.close();
    }, "callfarm-host-shutdown");
    closer.start();
    try {
      closer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log(closer.isAlive() ? "shutdown did not finish within 10 s; halting" : "shut down");
    Runtime.getRuntime().halt(0);
  }

  /** The orchestrator holds our standard input open; its end means the orchestrator is gone. */
  private static void watchStandardInput() {
    daemon(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is sent on standard input; it only signals the orchestrator's life
        }
      } catch (IOException e) {
        // a broken pipe is an end, too
      }
      log("standard input closed: the orchestrator is gone; exiting");
      Runtime.getRuntime().halt(4);
    }, "callfarm-host-stdin").start();
  }

  private static String describe(ObjectNode r) {
    StringBuilder text = new StringBuilder();
    for (String field : List.of("user", "users", "groupId", "spec", "on", "uplink", "downlink")) {
      if (r.has(field)) {
        text.append(' ').append(field).append('=').append(r.get(field));
      }
    }
    return text.toString();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    for (String required : List.of("--port", "--signalling", "--recordings", "--seed", "--host-id")) {
      if (!options.containsKey(required)) {
        System.err.println("error: device host needs " + required);
        System.exit(2);
      }
    }
    return options;
  }

  private static void log(String line) {
    System.out.println(LocalTime.now() + " " + line);
  }

  private static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
