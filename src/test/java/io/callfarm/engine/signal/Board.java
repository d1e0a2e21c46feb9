package io.callfarm.engine.signal;

import static org.testng.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.store.Store;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Switchboard} on a real database with a clock the test moves, and {@link TestPeer}s to
 * talk to it. For staging races: {@link #interleave} runs a step on another thread at a named point
 * and waits (a bounded time) for it, so with correct locking the step blocks and the test still ends.
 */
final class Board implements AutoCloseable {
  static final long APP = 1400000001L;
  /** How long a staged step may block on a lock before the hooked thread goes on. */
  static final Duration STEP_WAIT = Duration.ofMillis(300);

  final Store store;
  final Switchboard switchboard;
  final AtomicLong nanos = new AtomicLong(System.nanoTime());
  /** Added to the wall clock the switchboard sees (message times and expiry). */
  final AtomicLong clockOffsetMillis = new AtomicLong();
  private final UserSigIssuer issuer = new UserSigIssuer(APP, AppSecret.TEST_KEY);
  private final AtomicLong ids = new AtomicLong(100);

  Board(ServerConfig config) throws Exception {
    this(config, Scratch.folder("callfarm-board").resolve("engine.db"));
  }

  /** A switchboard on the database {@code file} (one more run of it). */
  Board(ServerConfig config, Path file) {
    store = Store.open(file);
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return java.time.Instant.now().plusMillis(clockOffsetMillis.get());
      }
    };
    switchboard = new Switchboard(config, store, APP, AppSecret.TEST_KEY, clock, nanos::get);
  }

  /** A new connection. */
  TestPeer connect() {
    TestPeer peer = new TestPeer();
    switchboard.opened(peer);
    return peer;
  }

  /** Moves both clocks the switchboard sees forward. */
  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    clockOffsetMillis.addAndGet(d.toMillis());
  }

  /** Sends a login frame for {@code user} and returns its request id. */
  long sendLogin(TestPeer peer, String user) throws Exception {
    long id = ids.incrementAndGet();
    switchboard.received(peer, RawSocket.login((int) id, APP, user,
        issuer.issue(user, Duration.ofMinutes(10))));
    return id;
  }

  /** A connection logged in as {@code user}. */
  TestPeer login(String user) throws Exception {
    TestPeer peer = connect();
    long id = sendLogin(peer, user);
    assertEquals(peer.answer(id).path("op").asText(), "ack", "login of " + user);
    return peer;
  }

  /** Sends {@code json} (an object body without braces' id) as request; returns its id. */
  long request(TestPeer peer, String op, String fields) {
    long id = ids.incrementAndGet();
    switchboard.received(peer, "{\"op\":\"" + op + "\",\"id\":" + id
        + (fields.isEmpty() ? "" : "," + fields) + "}");
    return id;
  }

  JsonNode call(TestPeer peer, String op, String fields) throws InterruptedException {
    return peer.answer(request(peer, op, fields));
  }

  /** Runs {@code step} on another thread and waits up to {@link #STEP_WAIT} for it to finish. */
  static Thread interleave(Runnable step) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        step.run();
      } finally {
        done.countDown();
      }
    }, "staged-step");
    t.start();
    done.await(STEP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return t;
  }

  static String dialing(String callId, int roomId, String invitee) {
    return "\"data\":{\"version\":4,\"call_type\":1,\"call_id\":\"" + callId + "\",\"room_id\":"
        + roomId + ",\"action\":1,\"invited_list\":[\"" + invitee + "\"]}";
  }

  @Override
  public void close() {
    store.close();
  }
}
