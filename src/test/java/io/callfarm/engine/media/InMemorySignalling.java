package io.callfarm.engine.media;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Stands in for the signalling server: delivers payloads between devices of the same JVM, in order. */
final class InMemorySignalling {

  private final Map<String, DeviceMedia> devices = new ConcurrentHashMap<>();

  /** The signaller a device of {@code userId} sends through. */
  MediaSignaller signallerFor(String userId) {
    return (to, payload) -> deliver(userId, to, payload);
  }

  void register(DeviceMedia device) {
    devices.put(device.localUserId(), device);
  }

  private void deliver(String from, String to, ObjectNode payload) {
    DeviceMedia target = devices.get(to);
    if (target != null) {
      target.onSignal(from, payload.deepCopy());
    }
  }
}
