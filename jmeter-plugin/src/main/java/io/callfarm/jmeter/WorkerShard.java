package io.callfarm.jmeter;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.load.EngineTarget;
import io.callfarm.load.Histograms;
import io.callfarm.load.UserShard;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The virtual users this JMeter worker hosts, one {@link UserShard} per worker JVM shared by every
 * sampler thread. Every worker runs the whole plan (DESIGN §7), so a worker finds its own share by
 * its place in the run's worker list ({@code callfarm.workers}, the controller's {@code -R} list,
 * sent with {@code -G}): worker k of n logs in users {@code <run>w<k>-u<i>}, so no two workers log in
 * the same id. Its identity is {@code <java.rmi.server.hostname>:<server_port>}, exactly how the
 * controller addresses it. Thread-safe.
 */
final class WorkerShard {
  /** Where a worker takes the app's secret key for a remote engine from; never from the plan. */
  static final String KEY_ENV = "CALLFARM_SECRET_KEY";
  private static final long HISTOGRAM_PERIOD_NANOS = 1_000_000_000L;

  private static UserShard shard;
  private static int worker;
  private static long lastHistogramsNanos;

  private WorkerShard() {}

  /** What the login sampler asks for. {@code workers} empty: a single JMeter, worker 0 of 1. */
  record Settings(URI engine, long app, int users, List<String> workers, String self, String run,
      Duration timeout, Duration talk) {}

  /** This worker's index in {@code workers}, or why it has none. */
  static int index(List<String> workers, String self) {
    if (workers.isEmpty()) {
      return 0;
    }
    int at = workers.indexOf(self);
    if (at < 0) {
      throw new IllegalArgumentException("this worker (" + self + ") is not in callfarm.workers "
          + workers + "; start jmeter-server with -Djava.rmi.server.hostname=<the address the"
          + " controller's -R uses> and -Jserver_port=<its port>");
    }
    return at;
  }

  /** Worker k's user ids: users / n each, the first users % n workers one more. */
  static List<String> ids(String run, int users, int workers, int k) {
    int count = users / workers + (k < users % workers ? 1 : 0);
    int width = String.valueOf(Math.max(1, count)).length();
    List<String> ids = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      ids.add(run + "w" + k + "-u" + String.format("%0" + width + "d", i));
    }
    return ids;
  }

  /**
   * Logs this worker's users in, once per JVM (a second call while they are logged in returns the
   * same shard).
   */
  static synchronized UserShard start(Settings s, Consumer<String> log) throws Exception {
    if (shard != null) {
      return shard;
    }
    int n = Math.max(1, s.workers().size());
    worker = index(s.workers(), s.self());
    String key = System.getenv(KEY_ENV);
    String host = s.engine().getHost() == null ? "" : s.engine().getHost();
    if (key == null || key.isBlank()) {
      if (!(host.startsWith("127.") || host.equals("localhost"))) {
        throw new IllegalArgumentException("engine " + s.engine() + " is another host: set env "
            + KEY_ENV + " to its app's secret key where this jmeter-server runs");
      }
      key = AppSecret.TEST_KEY.reveal();
    }
    EngineTarget target = EngineTarget.remote(s.engine(), s.app(), key);
    List<String> ids = ids(s.run(), s.users(), n, worker);
    log.accept("worker " + worker + " of " + n + " (" + s.self() + "): logging in " + ids.size()
        + " users on " + s.engine());
    shard = UserShard.logIn(target, ids, s.timeout(), s.talk(),
        Math.max(2, Runtime.getRuntime().availableProcessors()), log);
    lastHistogramsNanos = System.nanoTime();
    return shard;
  }

  /** The logged-in shard, or null before the login sampler ran. */
  static synchronized UserShard current() {
    return shard;
  }

  static synchronized int worker() {
    return worker;
  }

  /** The interval histograms when a second has passed since the last were taken, else null. */
  static synchronized Histograms histogramsIfDue() {
    long now = System.nanoTime();
    if (shard == null || now - lastHistogramsNanos < HISTOGRAM_PERIOD_NANOS) {
      return null;
    }
    lastHistogramsNanos = now;
    return shard.takeHistograms();
  }

  /** Takes the last histograms, logs every user out and forgets the shard. */
  static synchronized Histograms stop() {
    if (shard == null) {
      return new Histograms();
    }
    Histograms last = shard.takeHistograms();
    shard.close();
    shard = null;
    return last;
  }
}
