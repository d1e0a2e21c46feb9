package io.callfarm.interop;

import java.util.List;

/**
 * What a party must observe, in words every flavour shares; {@link Vocabulary} turns it into the callback a
 * given flavour fires.
 */
enum Term {
  /** An invitation from {@code other} rings. */
  RINGS("rings from"),
  /** {@code other} joined the call. */
  SEES_JOIN("joined by"),
  /** {@code other} left the call. */
  SEES_LEAVE("left by"),
  /** {@code other} rejected the invitation. */
  TOLD_REJECTED("told rejected by"),
  /**
   * {@code other} hung up while it rang, instead of rejecting: the observer's platform reports that the way
   * its own build does it, as a reject at once or (a build that sends none) as no answer at the timeout.
   */
  TOLD_DECLINED("told declined by"),
  /** {@code other} did not answer in time. */
  TOLD_NO_ANSWER("told no answer from"),
  /** {@code other} was in another call. */
  TOLD_BUSY("told busy by"),
  /** The ringing invitation was withdrawn. */
  TOLD_CANCELLED("told cancelled"),
  /** The ringing invitation timed out here. */
  TOLD_TIMEOUT("told timeout"),
  /** The call ended here. */
  CALL_ENDS("call ends");

  private final String words;

  Term(String words) {
    this.words = words;
  }

  /** The scenario words, e.g. {@code told rejected by}. */
  String words() {
    return words;
  }

  /** Whether the term names another party. */
  boolean namesOther() {
    return List.of(RINGS, SEES_JOIN, SEES_LEAVE, TOLD_REJECTED, TOLD_DECLINED, TOLD_NO_ANSWER, TOLD_BUSY)
        .contains(this);
  }

  /**
   * Whether a miss means the pair does not talk at all rather than a divergence: no ring, no connection, or
   * no busy answer (the invitation never reached the busy callee).
   */
  boolean isConnectivity() {
    return this == RINGS || this == SEES_JOIN || this == TOLD_BUSY;
  }
}
