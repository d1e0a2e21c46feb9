package io.callfarm.load;

/**
 * When each call of a run is due: the rate rises linearly from 0 to the target over the ramp, then
 * holds. Pure arithmetic; the load loop parks until each call's time.
 *
 * @param cps target calls per second after the ramp
 * @param rampSeconds length of the linear ramp (0 = full rate at once)
 * @param durationSeconds length of the call phase
 */
record Pacer(double cps, double rampSeconds, double durationSeconds) {

  /** How many calls are due by {@code t} seconds into the call phase. */
  long dueBy(double t) {
    double clamped = Math.max(0, Math.min(t, durationSeconds));
    double due;
    if (rampSeconds <= 0) {
      due = cps * clamped;
    } else if (clamped < rampSeconds) {
      due = cps * clamped * clamped / (2 * rampSeconds);
    } else {
      due = cps * rampSeconds / 2 + cps * (clamped - rampSeconds);
    }
    return (long) Math.floor(due + 1e-9);
  }

  /** Calls scheduled over the whole phase. */
  long total() {
    return dueBy(durationSeconds);
  }

  /** Seconds into the phase at which the {@code n}-th call (1-based) is due. */
  double timeOf(long n) {
    if (rampSeconds > 0 && n < cps * rampSeconds / 2) {
      return Math.sqrt(2 * rampSeconds * n / cps);
    }
    return n / cps + Math.max(0, rampSeconds) / 2;
  }
}
