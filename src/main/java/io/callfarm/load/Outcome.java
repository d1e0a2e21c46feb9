package io.callfarm.load;

import java.util.Locale;

/**
 * The one terminal outcome of an invitation, as the caller observed it ({@code onUserEnter} then the
 * end of the call, {@code onReject}, {@code onNoResp}, {@code onLineBusy}, its own hangup while the
 * invitee was still ringing, {@code onError}).
 */
public enum Outcome {
  COMPLETED("connected"),
  REJECTED("rejected"),
  NO_ANSWER("no_answer"),
  BUSY("busy"),
  CANCELLED("cancelled"),
  ERROR(null);

  private final String engineName;

  Outcome(String engineName) {
    this.engineName = engineName;
  }

  /** The participant outcome the engine's call record should hold, or null when unverifiable. */
  String engineName() {
    return engineName;
  }

  /** The JSON/CSV key, e.g. {@code no_answer}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
