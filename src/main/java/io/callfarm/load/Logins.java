package io.callfarm.load;

import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.call.CallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Logs many virtual users in with a bounded window of logins in flight ({@value #WINDOW}), each with
 * a real UserSig signed by the app key; failures are counted by code in the {@link OutcomeBook} and
 * their components destroyed. Shared by the single-process run and the JMeter worker's shard.
 */
final class Logins {
  static final int WINDOW = 256;
  static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration SIG_TTL = Duration.ofHours(6);

  private Logins() {}

  /**
   * @param create makes the user's component (set up, delegate attached) for an id
   * @param latency receives each successful login's time
   * @return the users that logged in, sorted by id
   * @throws IllegalStateException when the window stays full for {@link #DEADLINE}
   */
  static List<VirtualUser> logIn(List<String> ids, long sdkAppId, UserSigIssuer sigs,
      Function<String, VirtualUser> create, OutcomeBook book, Latency latency,
      Consumer<String> progress) throws InterruptedException, java.util.concurrent.ExecutionException {
    Semaphore window = new Semaphore(WINDOW);
    List<CompletableFuture<Void>> logins = new ArrayList<>();
    List<VirtualUser> loggedIn = new ArrayList<>();
    List<VirtualUser> failed = new ArrayList<>();
    for (String id : ids) {
      if (!window.tryAcquire(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("logins stalled: " + WINDOW + " in flight for "
            + DEADLINE.toSeconds() + " s; the engine is not answering");
      }
      VirtualUser user = create.apply(id);
      long t0 = System.nanoTime();
      logins.add(user.client().login(sdkAppId, id, sign(sigs, id)).whenComplete((ok, failure) -> {
        window.release();
        if (failure != null) {
          CallException e = unwrap(failure);
          book.error(e.code(), "login of " + id + " failed: " + e.getMessage());
          synchronized (failed) {
            failed.add(user); // destroyed after the login phase, not on its event thread
          }
          return;
        }
        latency.recordNanos(System.nanoTime() - t0);
        synchronized (loggedIn) {
          loggedIn.add(user);
        }
      }));
    }
    try {
      CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      progress.accept("some logins did not finish within " + DEADLINE.toSeconds()
          + " s; running with those that did");
    }
    synchronized (failed) {
      failed.forEach(u -> u.client().destroy());
    }
    synchronized (loggedIn) {
      List<VirtualUser> sorted = new ArrayList<>(loggedIn);
      sorted.sort(Comparator.comparing(VirtualUser::id));
      return sorted;
    }
  }

  private static String sign(UserSigIssuer sigs, String userId) {
    try {
      return sigs.issue(userId, SIG_TTL);
    } catch (AuthException e) {
      throw new IllegalStateException("cannot sign a UserSig for " + userId + ": " + e.getMessage(),
          e);
    }
  }

  static CallException unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof CallException ce ? ce : new CallException(60010, String.valueOf(t));
  }
}
