package io.callfarm.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and latencies fed by the virtual users and read by the {@link Sampler}: calls attempted
 * and connected, calls in progress (placed, not yet settled) with their maximum, and the three
 * latency histograms. Lock-free; any thread.
 */
final class LoadMetrics {
  final Latency login = new Latency();
  /** Caller's call() to the callee's onInvited, same JVM, System.nanoTime. */
  final Latency inviteToInvited = new Latency();
  /** Callee's accept() to the caller's onUserEnter. */
  final Latency acceptToUserEnter = new Latency();
  /** Caller's call() to its first onUserEnter (the call is set up). */
  final Latency callSetup = new Latency();
  /** Audio calls only: a callee's accept() to the first audible frame it receives. */
  final Latency acceptToFirstAudio = new Latency();

  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong connected = new AtomicLong();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();

  void callPlaced() {
    attempted.incrementAndGet();
    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
  }

  void callSettled() {
    concurrent.decrementAndGet();
  }

  void invitationConnected() {
    connected.incrementAndGet();
  }

  long attempted() {
    return attempted.get();
  }

  long connected() {
    return connected.get();
  }

  int concurrent() {
    return concurrent.get();
  }

  int maxConcurrent() {
    return maxConcurrent.get();
  }
}
