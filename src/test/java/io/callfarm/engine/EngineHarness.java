package io.callfarm.engine;

import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.signal.ServerConfig;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real engine on loopback (fresh database in a temp folder) plus a client runtime, for integration
 * tests. Users get unique names per harness so tests sharing it stay independent. Closes everything it
 * created.
 */
public final class EngineHarness implements AutoCloseable {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final Path dir;
  private final Engine engine;
  private final ClientRuntime runtime;
  private final Duration invitationTimeout;
  private final List<AudioCallClient> clients = new ArrayList<>();

  public EngineHarness(Duration invitationTimeout, ServerConfig server) throws Exception {
    this.dir = Scratch.folder("callfarm-it");
    this.engine = Engine.start(EngineConfig.defaults(dir.resolve("engine.db")).withServer(server));
    this.runtime = ClientRuntime.start(2);
    this.invitationTimeout = invitationTimeout;
  }

  public EngineHarness(Duration invitationTimeout) throws Exception {
    this(invitationTimeout, ServerConfig.defaults());
  }

  public Engine engine() {
    return engine;
  }

  public Path dir() {
    return dir;
  }

  /** A unique user id with a readable prefix, e.g. {@code alice7}. */
  public static String user(String prefix) {
    return prefix + SEQUENCE.incrementAndGet();
  }

  /** A device: a component with an event log, not yet logged in. */
  public Device device(ClientConfig config) {
    return device(config, CallMedia.NONE);
  }

  /** A device whose calls carry {@code media}. */
  public Device device(ClientConfig config, CallMedia media) {
    EventLog log = new EventLog();
    AudioCallClient client = new AudioCallClient(config, runtime, media);
    client.setDelegate(log);
    client.setup();
    synchronized (clients) {
      clients.add(client);
    }
    return new Device(client, log);
  }

  public Device device() {
    return device(config());
  }

  public ClientConfig config() {
    return ClientConfig.of(engine.signallingUri()).withInvitationTimeout(invitationTimeout)
        .withHeartbeatInterval(Duration.ofMillis(300));
  }

  /** A device logged in as {@code userId}. */
  public Device login(String userId) throws Exception {
    Device device = device();
    device.login(engine, userId);
    return device;
  }

  /** One call component and what its delegate saw. */
  public record Device(AudioCallClient client, EventLog log) {
    public void login(Engine engine, String userId) throws Exception {
      client.login(engine.sdkAppId(), userId, engine.userSig(userId, Duration.ofHours(1)))
          .get(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    synchronized (clients) {
      for (AudioCallClient client : clients) {
        client.destroy();
      }
    }
    runtime.close();
    engine.close();
  }
}
