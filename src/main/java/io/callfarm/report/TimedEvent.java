package io.callfarm.report;

/**
 * A callback a device received.
 *
 * @param atMillis  ms since {@link CallTimeline#startEpochMillis()}, not negative
 * @param signature the callback with its arguments, e.g. {@code onInvited(alice,[bob],true)}; never null
 * @param expected  true when a scenario expectation matched it; unexpected ones are drawn greyed
 */
public record TimedEvent(long atMillis, String signature, boolean expected) {

  public TimedEvent {
    if (atMillis < 0 || signature == null) {
      throw new IllegalArgumentException("event needs atMillis >= 0 and a signature, got " + atMillis + ", "
          + signature);
    }
  }
}
