package io.callfarm.load;

import java.time.Duration;
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
