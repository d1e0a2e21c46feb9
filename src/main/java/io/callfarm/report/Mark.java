package io.callfarm.report;

/**
 * A scenario step, drawn as a dashed line across all lanes of the chart.
 *
 * @param atMillis ms since {@link CallTimeline#startEpochMillis()}, not negative
 * @param label    the step as written in the scenario, e.g. {@code "alice: call bob"}; never null
 * @param failed   true when the step or an expectation attached to it failed; drawn red
 */
public record Mark(long atMillis, String label, boolean failed) {

  public Mark {
    if (atMillis < 0 || label == null) {
      throw new IllegalArgumentException("mark needs atMillis >= 0 and a label, got " + atMillis + ", " + label);
    }
  }
}
