package io.callfarm.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The run's accounting: attempts placed, invitations outstanding, terminal outcomes, errors by code,
 * users reserved for a call. Every invitation gets exactly one outcome ({@link #outcome}); those
 * without one at the drain deadline are lost. {@link #awaitQuiet} blocks on this monitor, with a
 * deadline, until nothing is outstanding. Thread-safe.
 */
final class OutcomeBook {
  private final List<Attempt> attempts = new ArrayList<>();
  private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
  private final Map<Integer, ErrorGroup> errors = new TreeMap<>();
  private long outstandingInvitations;
  private long openAttempts;
  private int reservedUsers;
  private long strayInvitations;
  private long lateCallbacks;

  /** Errors of one code: how many and the first message seen. */
  record ErrorGroup(int code, long count, String example) {}

  synchronized void placed(Attempt attempt) {
    attempts.add(attempt);
    outstandingInvitations += attempt.invitations().size();
    openAttempts++;
  }

  synchronized void outcome(Outcome outcome) {
    outcomes.merge(outcome, 1L, Long::sum);
    outstandingInvitations--;
    notifyAll();
  }

  synchronized void attemptSettled() {
    openAttempts--;
    notifyAll();
  }

  synchronized void reserved(int users) {
    reservedUsers += users;
  }

  synchronized void released() {
    reservedUsers--;
    notifyAll();
  }

  synchronized void error(int code, String message) {
    errors.merge(code, new ErrorGroup(code, 1, message),
        (a, b) -> new ErrorGroup(code, a.count() + 1, a.example()));
  }

  synchronized void stray() {
    strayInvitations++;
  }

  synchronized void late() {
    lateCallbacks++;
  }

  /**
   * Waits until every invitation has its outcome and every user is idle again, or the deadline.
   *
   * @return whether the run went quiet before the deadline
   */
  synchronized boolean awaitQuiet(long deadlineNanos) throws InterruptedException {
    while (outstandingInvitations > 0 || reservedUsers > 0 || openAttempts > 0) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  synchronized long outstandingInvitations() {
    return outstandingInvitations;
  }

  synchronized int reservedUsers() {
    return reservedUsers;
  }

  synchronized List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  synchronized Map<Outcome, Long> outcomes() {
    Map<Outcome, Long> copy = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      copy.put(o, outcomes.getOrDefault(o, 0L));
    }
    return copy;
  }

  synchronized List<ErrorGroup> errors() {
    return List.copyOf(errors.values());
  }

  synchronized long strayInvitations() {
    return strayInvitations;
  }

  synchronized long lateCallbacks() {
    return lateCallbacks;
  }
}
