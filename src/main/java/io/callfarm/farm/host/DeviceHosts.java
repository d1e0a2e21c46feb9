package io.callfarm.farm.host;

import io.callfarm.engine.call.Flavour;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.Device;
import io.callfarm.farm.FarmException;
import io.callfarm.farm.VirtualDevice;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device hosts of one farm: child JVMs started on first need and reused for every later device, each running up
 * to {@code devicesPerHost} devices at once (a call of up to nine parties fits in one host, so its media stays in one
 * process as before). A host that dies is dropped: its devices are lost, and the next device goes to a host that
 * runs, or a new one. Network profiles are set in every host, because a sender's host routes media by both ends'
 * profiles. Thread-safe; {@link #close()} shuts every host down.
 */
public final class DeviceHosts implements AutoCloseable {
  /**
   * @param signalling the engine's WebSocket URI
   * @param recordings where hosted devices record
   * @param seed the network emulator's seed
   * @param logs where host logs go ({@code host-N.log})
   * @param devicesPerHost devices one host runs at once (at least 1)
   */
  public record Settings(URI signalling, Path recordings, long seed, Path logs, int devicesPerHost) {
    public Settings {
      if (devicesPerHost < 1) {
        throw new FarmException("devicesPerHost must be at least 1, got " + devicesPerHost);
      }
    }
  }

  /**
   * A host as reports and tests see it.
   *
   * @param startUpMillis from starting the JVM to ready (connected, media engine up, clock calibrated)
   * @param lost why it is gone, or null while it runs
   */
  public record HostInfo(int number, long pid, List<String> devices, long startUpMillis, Path log, String lost) {}

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Settings settings;
  private final List<DeviceHost> running = new ArrayList<>();
  private final List<DeviceHost> all = new ArrayList<>();
  private final Map<String, NetworkFabric.Profile> profiles = new ConcurrentHashMap<>();
  private boolean closed;

  public DeviceHosts(Settings settings) {
    this.settings = settings;
  }

  /**
   * A new device in a host with room, starting one when none has (the caller waits for its start-up).
   *
   * @throws FarmException when no host can be started, with its log's last lines
   */
  public synchronized Device create(String id, Duration invitationTimeout, Flavour flavour,
      VirtualDevice.Credentials credentials) {
    if (closed) {
      throw new FarmException("the farm is closed");
    }
    DeviceHost host = running.stream().filter(h -> h.lost() == null)
        .filter(h -> h.deviceCount() < settings.devicesPerHost()).findFirst().orElse(null);
    if (host == null) {
      host = DeviceHost.start(new DeviceHost.Settings(settings.signalling(), settings.recordings(), settings.seed(),
          settings.logs(), START_TIMEOUT), all.size() + 1, this::dropped);
      for (Map.Entry<String, NetworkFabric.Profile> profile : profiles.entrySet()) {
        host.request(network(profile.getKey(), profile.getValue()), Duration.ofSeconds(5));
      }
      running.add(host);
      all.add(host);
    }
    return host.create(id, invitationTimeout, flavour, this::setProfile, credentials);
  }

  /** Sets {@code userId}'s profile in every running host, and in hosts started later. */
  void setProfile(String userId, NetworkFabric.Profile profile) {
    List<DeviceHost> hosts;
    synchronized (this) {
      profiles.put(userId, profile);
      hosts = List.copyOf(running);
    }
    for (DeviceHost host : hosts) {
      if (host.lost() == null) {
        host.request(network(userId, profile), Duration.ofSeconds(5));
      }
    }
  }

  /** Every host this farm started, in start order, the dead ones included. */
  public synchronized List<HostInfo> hosts() {
    return all.stream().map(h -> new HostInfo(h.number(), h.pid(), h.deviceIds(), h.startUpMillis(), h.logFile(),
        h.lost())).toList();
  }

  private synchronized void dropped(DeviceHost host) {
    running.remove(host);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode network(String userId,
      NetworkFabric.Profile profile) {
    return HostWire.request("network", null).put("user", userId).put("uplink", profile.uplink().toSpec())
        .put("downlink", profile.downlink().toSpec());
  }

  @Override
  public void close() {
    List<DeviceHost> hosts;
    synchronized (this) {
      closed = true;
      hosts = List.copyOf(running);
      running.clear();
    }
    hosts.forEach(DeviceHost::close);
  }
}
