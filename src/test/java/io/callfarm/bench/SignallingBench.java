package io.callfarm.bench;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.AudioCallDelegate;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Signalling on loopback: invite→onInvited latency (p50/p99) and full call setups per second
 * (invite → accept → onUserEnter → hangup → onCallEnd), with {@code pairs} caller/callee pairs
 * looping concurrently for {@code seconds}. Usage: {@code bench/run Signalling [pairs] [seconds]}.
 */
public final class SignallingBench {
  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Path dir = Scratch.folder("callfarm-bench");
    Recorder inviteLatency = new Recorder(3);
    AtomicLong completed = new AtomicLong();
    try (Engine engine = Engine.start(EngineConfig.defaults(dir.resolve("engine.db")));
         ClientRuntime runtime = ClientRuntime.start(2)) {
      ClientConfig config = ClientConfig.of(engine.signallingUri());
      List<Pair> all = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        all.add(new Pair(engine, runtime, config, "caller" + i, "callee" + i, inviteLatency,
            completed));
      }
      // warm-up, then measure
      runFor(all, Duration.ofSeconds(3));
      inviteLatency.reset();
      long before = completed.get();
      long start = System.nanoTime();
      runFor(all, Duration.ofSeconds(seconds));
      double elapsed = (System.nanoTime() - start) / 1e9;
      long calls = completed.get() - before;
      var histogram = inviteLatency.getIntervalHistogram();
      System.out.printf("pairs=%d duration=%.1fs full call flows=%d => %.0f call setups/s%n", pairs,
          elapsed, calls, calls / elapsed);
      System.out.printf("invite->onInvited: p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms (n=%d)%n",
          histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
          histogram.getValueAtPercentile(99) / 1e3, histogram.getMaxValue() / 1e3,
          histogram.getTotalCount());
      for (Pair pair : all) {
        pair.close();
      }
    }
  }

  private static void runFor(List<Pair> pairs, Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (Pair pair : pairs) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < deadline) {
            pair.oneCall();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** A caller and a callee calling each other in a loop; the callee accepts at once. */
  private static final class Pair {
    private final AudioCallClient caller;
    private final AudioCallClient callee;
    private final String calleeId;
    private final Recorder inviteLatency;
    private final AtomicLong completed;
    private volatile long invitedAt;
    private volatile CountDownLatch entered;
    private volatile CountDownLatch ended;
    private final io.callfarm.engine.call.EventLog callerLog = new io.callfarm.engine.call.EventLog();
    private final io.callfarm.engine.call.EventLog calleeLog = new io.callfarm.engine.call.EventLog();

    Pair(Engine engine, ClientRuntime runtime, ClientConfig config, String callerId,
        String calleeId, Recorder inviteLatency, AtomicLong completed) throws Exception {
      this.calleeId = calleeId;
      this.inviteLatency = inviteLatency;
      this.completed = completed;
      this.caller = new AudioCallClient(config, runtime, CallMedia.NONE);
      this.callee = new AudioCallClient(config, runtime, CallMedia.NONE);
      caller.setDelegate(new AudioCallDelegate() {
        @Override
        public void onUserEnter(String userId) {
          callerLog.onUserEnter(userId);
          entered.countDown();
        }

        @Override
        public void onError(int code, String message) {
          System.err.println(callerId + " onError " + code + " " + message);
        }

        @Override
        public void onLineBusy(String userId) {
          System.err.println(callerId + " onLineBusy " + userId);
        }
      });
      callee.setDelegate(new AudioCallDelegate() {
        @Override
        public void onInvited(String sponsor, List<String> userIds, boolean isFromGroup) {
          inviteLatency.recordValue((System.nanoTime() - invitedAt) / 1000);
          calleeLog.onInvited(sponsor, userIds, isFromGroup);
          callee.accept();
        }

        @Override
        public void onCallEnd() {
          calleeLog.onCallEnd();
          ended.countDown();
        }

        @Override
        public void onError(int code, String message) {
          System.err.println(calleeId + " onError " + code + " " + message);
        }
      });
      caller.login(engine.sdkAppId(), callerId, engine.userSig(callerId, Duration.ofHours(1)))
          .get(10, TimeUnit.SECONDS);
      callee.login(engine.sdkAppId(), calleeId, engine.userSig(calleeId, Duration.ofHours(1)))
          .get(10, TimeUnit.SECONDS);
    }

    void oneCall() throws InterruptedException {
      callerLog.clear();
      calleeLog.clear();
      entered = new CountDownLatch(1);
      ended = new CountDownLatch(1);
      invitedAt = System.nanoTime();
      caller.call(calleeId);
      if (!entered.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("call not answered within 10 s: caller " + callerLog.signatures()
            + " callee " + calleeLog.signatures());
      }
      caller.hangup();
      if (!ended.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("callee never saw onCallEnd: caller " + callerLog.signatures()
            + " callee " + calleeLog.signatures());
      }
      completed.incrementAndGet();
    }

    void close() {
      caller.destroy();
      callee.destroy();
    }
  }
}
