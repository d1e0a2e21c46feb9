package io.callfarm.load;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A set of logged-in virtual users in one process that places calls on demand, one call per
 * {@link #place} — what a JMeter worker hosts for the CallFarm sampler (DESIGN §6): the same users,
 * call flow and outcome accounting as a single-process {@link LoadRun}, driven by somebody else's
 * pacing. Latencies go into HdrHistograms taken per interval ({@link #takeHistograms}). Thread-safe;
 * {@link #close()} logs everybody out.
 */
public final class UserShard implements AutoCloseable {
  /** The histogram names, as in {@code summary.json}'s {@code latency}. */
  public static final String LOGIN = "login";
  public static final String INVITE = "invite_to_invited";
  public static final String ACCEPT = "accept_to_user_enter";
  public static final String SETUP = "call_setup";
  private static final Duration LOGOUT_DEADLINE = Duration.ofSeconds(30);

  private final ClientRuntime runtime;
  private final ScheduledExecutorService timers;
  private final OutcomeBook book = new OutcomeBook();
  private final LoadMetrics metrics = new LoadMetrics();
  private final IdlePool pool;
  private final CallFlow flow;
  private final Duration settleDeadline;
  private final List<VirtualUser> users = new ArrayList<>();
  private double loginSeconds;

  /**
   * One call's result.
   *
   * @param outcomes per callee, null where the call had no outcome by its deadline (lost)
   * @param placedAtMillis epoch ms of {@code call()}
   * @param inviteMicros call() to the first callee's onInvited, -1 when nobody was invited
   * @param acceptMicros the first accepting callee's accept() to the caller's onUserEnter, -1 when none
   * @param setupMicros call() to the caller's first onUserEnter, -1 when nobody entered
   * @param elapsedMicros call() until the call settled (or its deadline)
   */
  public record CallResult(String caller, List<String> callees, List<Outcome> outcomes,
      long placedAtMillis, long inviteMicros, long acceptMicros, long setupMicros,
      long elapsedMicros) {}

  /** Counts for a worker's report. */
  public record Counts(long placed, long completed, long lost, long errors) {}

  private UserShard(int capacity, Duration invitationTimeout, Duration talk, int eventThreads) {
    this.runtime = ClientRuntime.start(eventThreads);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callfarm-shard-timer");
      t.setDaemon(true);
      return t;
    });
    this.pool = new IdlePool(capacity);
    this.flow = new CallFlow(metrics, book, timers, talk);
    this.settleDeadline = invitationTimeout.plus(talk).plus(LoadProfile.DRAIN_MARGIN);
  }

  /**
   * Logs {@code ids} in on {@code engine} (UserSigs signed with its key).
   *
   * @param progress gets a line when the logins are done
   */
  public static UserShard logIn(EngineTarget engine, List<String> ids, Duration invitationTimeout,
      Duration talk, int eventThreads, Consumer<String> progress) throws Exception {
    UserShard shard = new UserShard(ids.size(), invitationTimeout, talk, eventThreads);
    try {
      ClientConfig config = ClientConfig.of(engine.signalling())
          .withInvitationTimeout(invitationTimeout);
      UserSigIssuer sigs = new UserSigIssuer(engine.sdkAppId(), AppSecret.of(engine.secretKey()));
      long start = System.nanoTime();
      shard.users.addAll(Logins.logIn(ids, engine.sdkAppId(), sigs, id -> {
        AudioCallClient client = new AudioCallClient(config, shard.runtime, CallMedia.NONE);
        VirtualUser user = new VirtualUser(id, client, shard.book, shard.pool);
        client.setup();
        return user;
      }, shard.book, shard.metrics.login, progress));
      shard.loginSeconds = (System.nanoTime() - start) / 1e9;
      shard.users.forEach(shard.pool::offer);
      progress.accept(shard.users.size() + " of " + ids.size() + " users logged in in "
          + String.format("%.1f", shard.loginSeconds) + " s");
      return shard;
    } catch (Exception | Error e) {
      shard.close();
      throw e;
    }
  }

  public int loggedIn() {
    return users.size();
  }

  public double loginSeconds() {
    return loginSeconds;
  }

  /** Login errors so far, e.g. {@code 70009 x3 (vu1: ...)}; empty when none. */
  public String errors() {
    StringBuilder out = new StringBuilder();
    book.errors().forEach(e -> out.append(out.length() > 0 ? "; " : "").append(e.code()).append(" x")
        .append(e.count()).append(" (").append(e.example()).append(')'));
    return out.toString();
  }

  /**
   * Places one call between idle users: {@code callees} 1 (1v1) or 2 (a 3-party group call).
   *
   * @return the result once the call settled or its deadline (invitation timeout + talk + 10 s)
   *     passed; null at once when too few users are idle
   */
  public CompletableFuture<CallResult> place(int callees, AnswerMode answer, Random random) {
    if (callees < 1 || callees > 2) {
      throw new IllegalArgumentException("a load call has 1 or 2 callees, not " + callees);
    }
    List<VirtualUser> picked = pool.take(callees + 1);
    if (picked.isEmpty()) {
      return null;
    }
    long placedAtMillis = System.currentTimeMillis();
    Attempt attempt = flow.place(picked, answer, random);
    return attempt.settled()
        .completeOnTimeout(attempt, settleDeadline.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(a -> result(a, placedAtMillis));
  }

  private static CallResult result(Attempt a, long placedAtMillis) {
    long invite = -1;
    long accept = -1;
    synchronized (a) {
      for (Invitation inv : a.invitations()) {
        if (inv.invitedNanos != 0 && invite < 0) {
          invite = (inv.invitedNanos - a.placedNanos) / 1000;
        }
        if (inv.acceptNanos != 0 && inv.enteredNanos != 0 && accept < 0) {
          accept = Math.max(0, inv.enteredNanos - inv.acceptNanos) / 1000;
        }
      }
    }
    long setup = a.setupNanos();
    return new CallResult(a.caller.id(), a.calleeIds(), a.outcomes(), placedAtMillis, invite, accept,
        setup < 0 ? -1 : setup / 1000, (System.nanoTime() - a.placedNanos) / 1000);
  }

  /** The latency histograms recorded since the last call (login, invite, accept, setup). */
  public synchronized Histograms takeHistograms() {
    Histograms out = new Histograms();
    out.add(LOGIN, metrics.login.nextInterval());
    out.add(INVITE, metrics.inviteToInvited.nextInterval());
    out.add(ACCEPT, metrics.acceptToUserEnter.nextInterval());
    out.add(SETUP, metrics.callSetup.nextInterval());
    return out;
  }

  /** Waits until no call is open, at most {@code timeout}; whether it went quiet. */
  public boolean awaitQuiet(Duration timeout) throws InterruptedException {
    return book.awaitQuiet(System.nanoTime() + timeout.toNanos());
  }

  /** How long a call may take at most before it counts as lost. */
  public Duration settleDeadline() {
    return settleDeadline;
  }

  public Counts counts() {
    return new Counts(book.attempts().size(), book.outcomes().get(Outcome.COMPLETED),
        book.outstandingInvitations(), book.errors().stream().mapToLong(OutcomeBook.ErrorGroup::count)
            .sum());
  }

  /** Logs every user out (bounded), destroys the components and stops the threads. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> logouts = users.stream()
        .map(u -> u.client().logout().exceptionally(e -> null)).toList();
    try {
      CompletableFuture.allOf(logouts.toArray(CompletableFuture[]::new))
          .get(LOGOUT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // destroyed below either way; the engine's heartbeat reaper logs stragglers out
    }
    users.forEach(u -> u.client().destroy());
    timers.shutdownNow();
    runtime.close();
  }
}
