package io.callfarm.engine.signal;

/**
 * Error codes the signalling server puts in {@code error} frames for protocol violations. Login
 * refusals use {@link io.callfarm.engine.auth.AuthCode}; codes follow Tencent IM where one exists.
 */
public enum ErrorCode {
  /** The frame is not a JSON object. */
  MALFORMED_JSON(60001),
  /** The {@code op} is not one the server knows. */
  UNKNOWN_OP(60002),
  /** A field is missing or has the wrong type or range. */
  INVALID_FIELD(6017),
  /** The frame is larger than the server accepts. */
  FRAME_TOO_LARGE(60004),
  /** Anything but login before a successful login (Tencent: ERR_SDK_NOT_LOGGED_IN). */
  NOT_LOGGED_IN(6014),
  /** Acting as another user, entering a room one is not admitted to, etc. (Tencent: 10007). */
  NO_PERMISSION(10007),
  /** The group does not exist (Tencent: 10010). */
  GROUP_NOT_FOUND(10010),
  /** The group already exists (Tencent: 10021). */
  GROUP_EXISTS(10021),
  /** This session was replaced by a login of the same user elsewhere (Tencent: 6208). */
  KICKED_OFFLINE(6208),
  /** No heartbeat within the configured timeout: the server logged the session out. */
  HEARTBEAT_TIMEOUT(60005),
  /** The server is overloaded and refused the request; retry later. */
  OVERLOADED(60006);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
