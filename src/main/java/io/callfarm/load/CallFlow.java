package io.callfarm.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the attempts of one run share: the metrics, the accounting, the timer that
 * ends connected calls after the talk time. Owned by the {@link LoadRun}.
 */
final class CallFlow {
  final LoadMetrics metrics;
  final OutcomeBook book;
  private final ScheduledExecutorService timers;
  private final Duration talk;

  CallFlow(LoadMetrics metrics, OutcomeBook book, ScheduledExecutorService timers, Duration talk) {
    this.metrics = metrics;
    this.book = book;
    this.timers = timers;
    this.talk = talk;
  }

  /**
   * Places a call from {@code picked[0]} to the others (a 3-party {@code groupCall} without an IM
   * group when there are two callees), each answering as {@code answer} says (MIXED: 50-50 from
   * {@code random}); the users must have been taken from an idle pool.
   */
  Attempt place(List<VirtualUser> picked, AnswerMode answer, Random random) {
    VirtualUser caller = picked.get(0);
    List<VirtualUser> callees = picked.subList(1, picked.size());
    List<AnswerMode> answers = new ArrayList<>();
    for (int i = 0; i < callees.size(); i++) {
      answers.add(answer == AnswerMode.MIXED
          ? (random.nextBoolean() ? AnswerMode.ACCEPT : AnswerMode.REJECT) : answer);
    }
    Attempt attempt = new Attempt(caller, callees, answers, this);
    book.reserved(picked.size());
    book.placed(attempt);
    metrics.callPlaced();
    caller.callerOf(attempt);
    attempt.invitations().forEach(inv -> inv.callee.calleeOf(inv));
    if (callees.size() > 1) {
      caller.client().groupCall(attempt.calleeIds(), null);
    } else {
      caller.client().call(callees.get(0).id());
    }
    return attempt;
  }

  void afterTalk(Runnable hangup) {
    timers.schedule(hangup, talk.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The user's call is over on its side: it may be picked for the next one. */
  void release(VirtualUser user) {
    user.clearRole();
    book.released();
    user.home().offer(user);
  }
}
