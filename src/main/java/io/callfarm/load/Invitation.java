package io.callfarm.load;

/**
 * One invitee of an {@link Attempt}: how it is to answer and what both sides have seen so far.
 * Mutable state guarded by the attempt's monitor.
 */
final class Invitation {
  final Attempt attempt;
  final VirtualUser callee;
  /** ACCEPT, REJECT or NONE: a MIXED run decides per invitation when the call is placed. */
  final AnswerMode answer;

  boolean invited;
  /** When the callee's onInvited came, {@link System#nanoTime()}; 0 before. */
  long invitedNanos;
  long acceptNanos;
  /** When the caller's onUserEnter for this callee came; 0 before. */
  long enteredNanos;
  boolean connected;
  boolean calleeDone;
  boolean released;
  /** What the caller saw when the invitee did not connect; null while ringing. */
  Outcome callerResult;
  Outcome outcome;

  Invitation(Attempt attempt, VirtualUser callee, AnswerMode answer) {
    this.attempt = attempt;
    this.callee = callee;
    this.answer = answer;
  }
}
