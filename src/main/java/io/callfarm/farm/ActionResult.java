package io.callfarm.farm;

/**
 * What a device action did. Actions follow the call component's semantics, in which accepting with nothing
 * ringing or hanging up outside a call is a no-op, not an error: a device that can tell there was nothing to act
 * on says so here, with why, so a scenario records it (timeline and report) instead of failing on a locator.
 *
 * @param noOp true when the device did nothing because there was nothing to act on
 * @param reason what the device saw instead (e.g. {@code not ringing: the home screen shows}); empty when done
 */
public record ActionResult(boolean noOp, String reason) {
  /** The action was carried out (for a virtual device: handed to the component, whose own rules apply). */
  public static final ActionResult DONE = new ActionResult(false, "");

  public static ActionResult noOp(String reason) {
    return new ActionResult(true, reason);
  }

  @Override
  public String toString() {
    return noOp ? "no-op: " + reason : "done";
  }
}
