package io.callfarm.engine.signal;

/**
 * Error codes the signalling server (and the HTTP side) puts in {@code error} frames and answers.
 * Login refusals use {@link io.callfarm.engine.auth.AuthCode}; codes follow Tencent IM where one
 * exists, CallFarm's own are 600xx. README "Error codes" is the table clients and suites rely on.
 */
public enum ErrorCode {
  /** A defect of the engine: it must never be seen; the frame's op and the cause are logged. */
  INTERNAL(60000),
  /** The frame is not a JSON object. */
  MALFORMED_JSON(60001),
  /** The {@code op} is not one the server knows. */
  UNKNOWN_OP(60002),
  /** A binary WebSocket frame: the protocol is JSON text frames only. */
  BINARY_FRAME(60003),
  /** A field is missing or has the wrong type or range (also a request {@code id} that is not an
   * integer 0..2^53). */
  INVALID_FIELD(6017),
  /** The frame is larger than the server accepts. */
  FRAME_TOO_LARGE(60004),
  /** Anything but login before a successful login (Tencent: ERR_SDK_NOT_LOGGED_IN). */
  NOT_LOGGED_IN(6014),
  /** Acting as another user, entering a room one is not admitted to, a group one is not in. */
  NO_PERMISSION(10007),
  /** The group does not exist (Tencent: 10010). */
  GROUP_NOT_FOUND(10010),
  /** The group's members and invitees reached the limit (Tencent: 10014). */
  GROUP_FULL(10014),
  /** The group id is taken (Tencent: 10021); the message names the owner. */
  GROUP_EXISTS(10021),
  /** This session was replaced by a login of the same user elsewhere (Tencent: 6208). */
  KICKED_OFFLINE(6208),
  /** No heartbeat within the configured timeout: the server logged the session out. */
  HEARTBEAT_TIMEOUT(60005),
  /** The database queue stayed full: the request was not carried out; retry later. */
  OVERLOADED(60006),
  /** A rate limit (group fan-out per sender, dialings per user): retry after the time given. */
  RATE_LIMITED(60007),
  /** Too many connections from this address have not logged in yet: this one is closed. */
  TOO_MANY_CONNECTIONS(60008),
  /** The connection did not log in within the login deadline: it is closed. */
  LOGIN_DEADLINE(60009),
  /** The recipient already holds the maximum of undelivered messages: not stored, not acked. */
  RECIPIENT_FULL(60011),
  /** A per-user quota is used up (groups owned). */
  QUOTA_EXCEEDED(60015),
  /** The database refused the write: nothing of the request was kept; retry. */
  STORE_FAILED(60012),
  /** HTTP or WebSocket upgrade with a Host or Origin that is not the engine's own. */
  HOST_NOT_ALLOWED(60013),
  /** An HTTP endpoint that needs {@code identifier} and {@code usersig} was called without them,
   * or by a user it does not answer. */
  AUTH_REQUIRED(60014),
  /** IM signalling: the inviteId is unknown, answered, cancelled or timed out (V2TIM's 8010). */
  SIGNAL_INVALID_INVITE(8010),
  /** IM signalling: not this invitation's inviter (cancel) or pending invitee (accept, reject) (V2TIM 8011). */
  SIGNAL_NO_PERMISSION(8011);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
