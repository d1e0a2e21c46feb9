package io.callfarm.load;

import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.AudioCallDelegate;
import java.util.List;

/**
 * One simulated user: a call component and its delegate, which plays the user's current role (the
 * caller of an {@link Attempt} or the callee of an {@link Invitation}) and reports what it sees to
 * that attempt. Callees answer as their invitation says. The role is set by the load loop before
 * it places the call and cleared when the user is released; callbacks outside a role are late
 * and only counted. An invitation nobody assigned (a stray) is rejected at once.
 */
final class VirtualUser implements AudioCallDelegate {
  private final String id;
  private final AudioCallClient client;
  private final OutcomeBook book;
  private final IdlePool home;
  private volatile long acceptedAtNanos;
  private volatile Attempt callerOf;
  private volatile Invitation calleeOf;

  /** @param home the idle pool this user goes back to after a call */
  VirtualUser(String id, AudioCallClient client, OutcomeBook book, IdlePool home) {
    this.id = id;
    this.client = client;
    this.book = book;
    this.home = home;
    client.setDelegate(this);
  }

  String id() {
    return id;
  }

  AudioCallClient client() {
    return client;
  }

  IdlePool home() {
    return home;
  }

  /** When this user accepted its current invitation ({@link System#nanoTime()}), 0 if none. */
  long acceptedAtNanos() {
    return acceptedAtNanos;
  }

  void callerOf(Attempt attempt) {
    this.callerOf = attempt;
  }

  void calleeOf(Invitation invitation) {
    this.calleeOf = invitation;
  }

  void clearRole() {
    callerOf = null;
    calleeOf = null;
    acceptedAtNanos = 0;
  }

  // ---- callee role ----

  @Override
  public void onInvited(String sponsor, List<String> userIds, boolean isFromGroup) {
    long now = System.nanoTime();
    Invitation inv = calleeOf;
    if (inv == null || inv.invited || !inv.attempt.caller.id().equals(sponsor)) {
      book.stray();
      client.reject();
      return;
    }
    inv.attempt.invited(inv, now);
    switch (inv.answer) {
      case ACCEPT -> {
        acceptedAtNanos = System.nanoTime();
        inv.attempt.accepting(inv, acceptedAtNanos);
        client.accept();
      }
      case REJECT -> {
        client.reject();
        inv.attempt.calleeDone(inv);
      }
      default -> { } // NONE: let it ring until onCallingTimeOut
    }
  }

  @Override
  public void onCallingCancel() {
    calleeEnded();
  }

  @Override
  public void onCallingTimeOut() {
    calleeEnded();
  }

  @Override
  public void onUserLeave(String userId) {
    Invitation inv = calleeOf;
    if (inv != null && inv.invited && inv.attempt.caller.id().equals(userId)) {
      client.hangup(); // a group callee stays with the other invitee otherwise
      inv.attempt.calleeDone(inv);
    }
  }

  @Override
  public void onCallEnd() {
    calleeEnded();
  }

  private void calleeEnded() {
    Invitation inv = calleeOf;
    if (inv != null && inv.invited) {
      inv.attempt.calleeDone(inv);
    }
  }

  // ---- caller role ----

  @Override
  public void onUserEnter(String userId) {
    Attempt attempt = callerOf;
    if (attempt != null) {
      attempt.userEntered(userId, System.nanoTime());
    }
  }

  @Override
  public void onReject(String userId) {
    callerSaw(userId, Outcome.REJECTED);
  }

  @Override
  public void onNoResp(String userId) {
    callerSaw(userId, Outcome.NO_ANSWER);
  }

  @Override
  public void onLineBusy(String userId) {
    callerSaw(userId, Outcome.BUSY);
  }

  private void callerSaw(String userId, Outcome outcome) {
    Attempt attempt = callerOf;
    if (attempt != null) {
      attempt.callerSaw(userId, outcome);
    } else if (calleeOf == null) {
      book.late();
    }
  }

  // ---- either role ----

  @Override
  public void onError(int code, String message) {
    book.error(code, id + ": " + message);
    Attempt attempt = callerOf;
    if (attempt != null) {
      attempt.callerFailed();
      return;
    }
    Invitation inv = calleeOf;
    if (inv != null && inv.invited && inv.answer == AnswerMode.ACCEPT) {
      client.hangup(); // accepting failed (e.g. the room closed): the call is over for this callee
      inv.attempt.calleeDone(inv);
    }
  }
}
