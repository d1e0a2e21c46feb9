package io.callfarm.report;

import java.util.List;

/**
 * Everything one call did, per device, on one clock: the input of {@link TimelineChart} and the JSON attached
 * next to it. Immutable; serialises with Jackson as-is.
 *
 * @param title            shown above the chart, e.g. {@code "reject-fanout #3"}; never null
 * @param startEpochMillis wall-clock time (ms since the epoch) that all {@code atMillis} offsets count from
 * @param lanes            one per device, in display order (left to right); never null
 * @param marks            scenario steps, in any order; never null
 */
public record CallTimeline(String title, long startEpochMillis, List<Lane> lanes, List<Mark> marks) {

  public CallTimeline {
    if (title == null) {
      throw new IllegalArgumentException("timeline title must not be null (use the scenario name)");
    }
    lanes = List.copyOf(lanes);
    marks = List.copyOf(marks);
  }

  /** Latest {@code atMillis} of any event or mark, 0 when there are none. */
  public long endMillis() {
    long end = 0;
    for (Lane lane : lanes) {
      for (TimedEvent e : lane.events()) {
        end = Math.max(end, e.atMillis());
      }
    }
    for (Mark m : marks) {
      end = Math.max(end, m.atMillis());
    }
    return end;
  }
}
