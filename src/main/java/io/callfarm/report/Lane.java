package io.callfarm.report;

import java.util.List;

/**
 * One device's column in a {@link CallTimeline}: the callbacks it saw, in the order it saw them.
 *
 * @param deviceId device name in the farm, e.g. {@code "pixel-7-1"}; never null
 * @param kind     {@code virtual}, {@code browser} or {@code appium}; never null
 * @param userId   user logged in on the device; never null
 * @param events   callbacks, any order (the chart sorts by time); never null
 */
public record Lane(String deviceId, String kind, String userId, List<TimedEvent> events) {

  public Lane {
    if (deviceId == null || kind == null || userId == null) {
      throw new IllegalArgumentException("lane needs deviceId, kind and userId, got " + deviceId + ", " + kind
          + ", " + userId);
    }
    events = List.copyOf(events);
  }
}
