package io.callfarm.engine.media;

import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One test's media set-up: its own engine, in-memory signalling, recording directory and devices. */
final class Room implements AutoCloseable {

  final MediaEngine engine = new MediaEngine();
  final InMemorySignalling signalling = new InMemorySignalling();
  final Path dir;
  private final Map<String, DeviceMedia> devices = new LinkedHashMap<>();
  private final Map<String, EventLog> logs = new LinkedHashMap<>();

  Room() throws IOException {
    dir = Scratch.folder("callfarm-media-");
  }

  DeviceMedia add(String user, MicSource mic) {
    EventLog log = new EventLog();
    DeviceMedia device = new DeviceMedia(engine, user, signalling.signallerFor(user), mic, dir, log,
        CandidateRewriter.IDENTITY);
    signalling.register(device);
    devices.put(user, device);
    logs.put(user, log);
    return device;
  }

  EventLog log(String user) {
    return logs.get(user);
  }

  /** Every device connects to every other (as both would on seeing each other in the media room). */
  void connectAll() {
    for (DeviceMedia device : devices.values()) {
      for (String other : devices.keySet()) {
        if (!other.equals(device.localUserId())) {
          device.connect(other);
        }
      }
    }
  }

  /** Waits until {@code device} has played {@code seconds} more of {@code from}'s audio than now. */
  static void awaitPlayed(DeviceMedia device, String from, double seconds, Duration timeout) {
    long start = played(device, from);
    long wanted = start + Math.round(seconds * MicSource.SAMPLE_RATE);
    EventLog.Poll.until(() -> played(device, from) >= wanted, timeout,
        () -> device + " played " + (played(device, from) - start) + " samples from " + from
            + ", wanted " + (wanted - start));
  }

  static long played(DeviceMedia device, String from) {
    LinkStats stats = device.stats().get(from);
    return stats == null ? 0 : stats.totalSamplesReceived();
  }

  @Override
  public void close() {
    engine.close();
  }
}
