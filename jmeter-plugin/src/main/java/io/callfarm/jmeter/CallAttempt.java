package io.callfarm.jmeter;

import io.callfarm.load.AnswerMode;
import io.callfarm.load.Histograms;
import io.callfarm.load.Outcome;
import io.callfarm.load.SampleMessage;
import io.callfarm.load.UserShard;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.protocol.java.sampler.AbstractJavaSamplerClient;
import org.apache.jmeter.protocol.java.sampler.JavaSamplerContext;
import org.apache.jmeter.samplers.SampleResult;

/**
 * Java Request sampler for one call attempt between two (or, for a group call, three) idle virtual
 * users of this worker: blocks until every invitation has its outcome. The sample: label
 * {@code call 1v1} / {@code call group}; start = the caller's {@code call()}; elapsed = call setup
 * (to the caller's first onUserEnter; to the outcome for calls that did not connect); latency =
 * invite→onInvited; connect time = accept→onUserEnter (ms); response code = the first invitation's
 * outcome ({@code completed}, {@code rejected}, ..., {@code lost}); successful unless an invitation
 * was lost or failed; the response message carries the call and, once a second, the worker's
 * microsecond HdrHistograms ({@link SampleMessage}). With too few idle users the sample fails with
 * code {@code skipped} and places nothing. Drive it with an Open Model Thread Group for a call rate.
 */
public final class CallAttempt extends AbstractJavaSamplerClient {
  private static final Random RANDOM = new Random();
  private AnswerMode answer;
  private double groupShare;

  @Override
  public Arguments getDefaultParameters() {
    Arguments args = new Arguments();
    args.addArgument("answer", "${__P(callfarm.answer,accept)}");
    args.addArgument("group_share", "${__P(callfarm.group_share,0)}");
    return args;
  }

  @Override
  public void setupTest(JavaSamplerContext context) {
    answer = AnswerMode.parse(context.getParameter("answer", "accept"));
    groupShare = Double.parseDouble(context.getParameter("group_share", "0").trim());
    if (!(groupShare >= 0 && groupShare <= 1)) {
      throw new IllegalArgumentException("group_share must be 0..1, got " + groupShare);
    }
  }

  @Override
  public SampleResult runTest(JavaSamplerContext context) {
    SampleResult result = new SampleResult();
    UserShard shard = WorkerShard.current();
    boolean group = RANDOM.nextDouble() < groupShare;
    result.setSampleLabel(group ? "call group" : "call 1v1");
    if (shard == null) {
      return failed(result, "no_users", "no CallFarm users on this worker: the setUp thread group's"
          + " 'callfarm login' sampler did not run or failed");
    }
    long start = System.currentTimeMillis();
    CompletableFuture<UserShard.CallResult> call = shard.place(group ? 2 : 1, answer, RANDOM);
    if (call == null) {
      result.setStampAndTime(start, 0);
      return failed(result, "skipped", SampleMessage.skipped(WorkerShard.worker()).encode());
    }
    UserShard.CallResult r = awaitUninterruptibly(call,
        shard.settleDeadline().toMillis() + 5000);
    if (r == null) {
      result.setStampAndTime(start, System.currentTimeMillis() - start);
      return failed(result, "lost", "callfarm call did not settle within its deadline");
    }
    long elapsedMicros = r.setupMicros() >= 0 ? r.setupMicros() : r.elapsedMicros();
    result.setStampAndTime(r.placedAtMillis(), Math.max(0, elapsedMicros / 1000));
    result.setLatency(Math.max(0, r.inviteMicros() / 1000));
    result.setConnectTime(Math.max(0, r.acceptMicros() / 1000));
    Outcome first = r.outcomes().get(0);
    result.setResponseCode(first == null ? "lost" : first.key());
    result.setSuccessful(!r.outcomes().contains(null) && !r.outcomes().contains(Outcome.ERROR));
    Histograms hdr = WorkerShard.histogramsIfDue();
    result.setResponseMessage(SampleMessage.call(WorkerShard.worker(), r, hdr).encode());
    result.setDataType(SampleResult.TEXT);
    return result;
  }

  /**
   * The call's result. The Open Model Thread Group interrupts its threads when its schedule ends;
   * the call in flight still gets its outcome (its future completes by its own deadline), so the
   * sample waits for it and keeps the interrupt for JMeter.
   */
  private static UserShard.CallResult awaitUninterruptibly(
      CompletableFuture<UserShard.CallResult> call, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          return null;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static SampleResult failed(SampleResult result, String code, String message) {
    result.setSuccessful(false);
    result.setResponseCode(code);
    result.setResponseMessage(message);
    return result;
  }
}
