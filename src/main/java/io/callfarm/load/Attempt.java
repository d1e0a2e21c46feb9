package io.callfarm.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One call placed by a load run, from {@code call()} until both sides are done: it turns the
 * caller's and the callees' callbacks into exactly one {@link Outcome} per invitation, ends
 * connected calls after the talk time, and releases each user to the idle pool once its side is
 * over. Callbacks arrive on several event threads; every transition holds this monitor.
 */
final class Attempt {
  final VirtualUser caller;
  final long placedNanos;
  private final CallFlow flow;
  private final List<Invitation> invitations = new ArrayList<>();
  private boolean hangupScheduled;
  private boolean hungUp;
  private boolean callerReleased;
  private boolean settled;
  private long firstEnterNanos;
  private final CompletableFuture<Attempt> settledFuture = new CompletableFuture<>();

  Attempt(VirtualUser caller, List<VirtualUser> callees, List<AnswerMode> answers,
      CallFlow flow) {
    this.caller = caller;
    this.flow = flow;
    for (int i = 0; i < callees.size(); i++) {
      invitations.add(new Invitation(this, callees.get(i), answers.get(i)));
    }
    this.placedNanos = System.nanoTime();
  }

  List<Invitation> invitations() {
    return Collections.unmodifiableList(invitations);
  }

  List<String> calleeIds() {
    return invitations.stream().map(i -> i.callee.id()).toList();
  }

  // ---- callee side ----

  /** The callee got onInvited for this call; records invite→onInvited. */
  synchronized void invited(Invitation inv, long nowNanos) {
    if (!inv.invited) {
      inv.invited = true;
      inv.invitedNanos = nowNanos;
      flow.metrics.inviteToInvited.recordNanos(nowNanos - placedNanos);
    }
  }

  synchronized void accepting(Invitation inv, long nowNanos) {
    inv.acceptNanos = nowNanos;
  }

  /** The callee's call is over on its side (ended, rejected, cancelled, timed out, failed). */
  synchronized void calleeDone(Invitation inv) {
    inv.calleeDone = true;
    progress();
  }

  // ---- caller side ----

  synchronized void userEntered(String userId, long nowNanos) {
    Invitation inv = find(userId);
    if (inv == null || inv.connected || inv.callerResult != null) {
      flow.book.late();
      return;
    }
    inv.connected = true;
    inv.enteredNanos = nowNanos;
    flow.metrics.invitationConnected();
    if (inv.acceptNanos != 0) {
      flow.metrics.acceptToUserEnter.recordNanos(nowNanos - inv.acceptNanos);
    }
    if (firstEnterNanos == 0) {
      firstEnterNanos = nowNanos;
      flow.metrics.callSetup.recordNanos(nowNanos - placedNanos);
    }
    if (!hangupScheduled) {
      hangupScheduled = true;
      flow.afterTalk(this::talkOver);
    }
    progress();
  }

  /** onReject / onNoResp / onLineBusy for one invitee. */
  synchronized void callerSaw(String userId, Outcome outcome) {
    Invitation inv = find(userId);
    if (inv == null || inv.connected || inv.callerResult != null) {
      flow.book.late();
      return;
    }
    inv.callerResult = outcome;
    progress();
  }

  /** The caller reported an error while this call was open: ringing invitees end in ERROR. */
  synchronized void callerFailed() {
    for (Invitation inv : invitations) {
      if (!inv.connected && inv.callerResult == null) {
        inv.callerResult = Outcome.ERROR;
      }
    }
    progress();
  }

  private synchronized void talkOver() {
    hungUp = true;
    caller.client().hangup();
    for (Invitation inv : invitations) {
      if (!inv.connected && inv.callerResult == null) {
        inv.callerResult = Outcome.CANCELLED;
      }
    }
    progress();
  }

  // ---- settling ----

  private void progress() {
    boolean callerSideDone = true;
    boolean anyConnected = false;
    boolean allFinal = true;
    for (Invitation inv : invitations) {
      if (inv.outcome == null) {
        if (inv.connected && inv.calleeDone) {
          finish(inv, Outcome.COMPLETED);
        } else if (!inv.connected && inv.callerResult != null) {
          finish(inv, inv.callerResult);
        }
      }
      if (!inv.released && (inv.calleeDone || (!inv.invited && inv.callerResult != null))) {
        inv.released = true;
        flow.release(inv.callee);
      }
      callerSideDone &= inv.connected || inv.callerResult != null;
      anyConnected |= inv.connected;
      allFinal &= inv.outcome != null && inv.released;
    }
    if (!callerReleased && callerSideDone && (!anyConnected || hungUp)) {
      callerReleased = true;
      if (!hungUp) {
        caller.client().hangup(); // a no-op unless an error left the call half open
      }
      flow.release(caller);
    }
    if (!settled && callerReleased && allFinal) {
      settled = true;
      flow.metrics.callSettled();
      flow.book.attemptSettled();
      settledFuture.complete(this);
    }
  }

  private void finish(Invitation inv, Outcome outcome) {
    inv.outcome = outcome;
    flow.book.outcome(outcome);
  }

  private Invitation find(String userId) {
    for (Invitation inv : invitations) {
      if (inv.callee.id().equals(userId)) {
        return inv;
      }
    }
    return null;
  }

  /** Completes (on an event thread) once every invitation has its outcome and all users are free. */
  CompletableFuture<Attempt> settled() {
    return settledFuture;
  }

  /** call() to the caller's first onUserEnter, ns; -1 when nobody entered. */
  synchronized long setupNanos() {
    return firstEnterNanos == 0 ? -1 : firstEnterNanos - placedNanos;
  }

  /** This call for the cross-check. */
  PlacedCall placed() {
    return new PlacedCall(caller.id(), placedNanos, calleeIds(), outcomes());
  }

  /** The terminal outcome of each invitation, null where none (lost). */
  synchronized List<Outcome> outcomes() {
    return invitations.stream().map(i -> i.outcome).toList();
  }
}
