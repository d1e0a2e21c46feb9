package io.callfarm.scenario;

import io.callfarm.report.TimedEvent;
import java.util.List;
import java.util.Map;

/**
 * How a scenario run went, with everything a report shows: step outcomes, each device's timeline
 * (user ids rendered as the scenario's aliases) and audio measurements. Times are milliseconds since
 * the run started.
 *
 * @param failure why it failed, starting with {@code file:line:}; null when it passed
 * @param devices alias to "id (kind)"
 * @param timelines alias to its callbacks as the scenario names them ({@code onInvited(alice,[],false)});
 *     {@code expected} marks those an expectation matched
 * @param setupLatencyMs from the first call action to the caller's first onUserEnter, or null
 */
public record ScenarioResult(String name, String file, boolean passed, String failure,
    long startEpochMillis, long durationMs, List<StepRecord> steps, Map<String, String> devices,
    Map<String, List<TimedEvent>> timelines, List<AudioProbe.Measurement> audio,
    Double setupLatencyMs) {

  /**
   * One step: when it ran and whether it held.
   *
   * @param message why it failed, or null
   * @param note what the device did instead of the action, e.g.
   *     {@code bob did nothing: nothing rings: the home screen shows};
   *     null when it did the action
   */
  public record StepRecord(int line, String description, long startMs, long endMs, boolean passed,
      String message, String note) {}

}
