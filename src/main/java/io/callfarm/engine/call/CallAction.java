package io.callfarm.engine.call;

/** The {@code action} values of the legacy v4 call signalling. */
public enum CallAction {
  ERROR(-1), DIALING(1), SPONSOR_CANCEL(2), REJECT(3), SPONSOR_TIMEOUT(4), HANGUP(5), LINE_BUSY(6);

  private final int wire;

  CallAction(int wire) {
    this.wire = wire;
  }

  public int wire() {
    return wire;
  }

  /** The action for a wire value, or null when unknown. */
  public static CallAction fromWire(int value) {
    for (CallAction action : values()) {
      if (action.wire == value) {
        return action;
      }
    }
    return null;
  }
}
