package io.callfarm.farm;

import java.util.List;

/**
 * Devices leased to one test. Closing hangs up, logs out and closes each device (a lost one is only closed) and
 * returns the slots to the farm, whatever state the test left them in.
 */
public final class Lease implements AutoCloseable {
  private final List<Device> devices;
  private final Runnable release;
  private boolean closed;

  Lease(List<Device> devices, Runnable release) {
    this.devices = List.copyOf(devices);
    this.release = release;
  }

  public List<Device> devices() {
    return devices;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (Device device : devices) {
        try {
          if (device.lost().isEmpty()) {
            device.hangup();
            if (device.userId() != null) {
              device.logout();
            }
          }
          device.close();
        } catch (Exception e) {
          System.err.println("callfarm-farm: releasing " + device.id() + " failed: " + e);
        }
      }
    } finally {
      release.run();
    }
  }
}
