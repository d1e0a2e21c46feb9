package io.callfarm.engine.signal;

import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.ChildJvm;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.Timeline;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.cli.CallFarm;
import io.callfarm.scratch.Scratch;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.testng.annotations.Test;

/**
 * The engine process killed ({@code kill -9}) mid-run and restarted on the same database and port:
 * every message it acknowledged is delivered after the restart; clients reconnect and log in again
 * by themselves; calls in progress end with {@code onError(60010)} then {@code onCallEnd}; stored
 * offline invitations survive. The engine runs in its own JVM ({@code callfarm engine}).
 */
@Test(groups = "integration")
public class EngineCrashIT {
  private static final Pattern READY = Pattern.compile("engine ready: (ws://\\S+)");
  private static final long APP = EngineConfig.DEFAULT_APP;
  private final UserSigIssuer issuer = new UserSigIssuer(APP, AppSecret.TEST_KEY);

  @Test(timeOut = 120_000)
  public void everyAcknowledgedMessageSurvivesKillNine() throws Exception {
    Path dir = Scratch.folder("callfarm-crash");
    int recipients = 20;
    int perRecipient = 1000; // the default per-recipient cap
    Set<Long> acked = new HashSet<>();
    URI uri;
    try (ChildJvm engine = engine(dir, 0, "first")) {
      uri = URI.create(engine.await(READY, Duration.ofSeconds(30)));
      try (RawSocket sender = RawSocket.connect(uri)) {
        sender.send(RawSocket.login(1, APP, "sender", issuer.issue("sender", Duration.ofMinutes(10))));
        sender.expectAck(1);
        int id = 10;
        for (int n = 0; n < perRecipient; n++) {
          for (int r = 0; r < recipients; r++) {
            sender.send("{\"op\":\"c2c\",\"id\":" + id++ + ",\"to\":\"r" + r
                + "\",\"data\":{\"n\":" + n + "}}");
          }
        }
        while (acked.size() < recipients * perRecipient / 2) {
          JsonNode ack = sender.poll(Duration.ofSeconds(30));
          assertTrue(ack != null && ack.path("op").asText().equals("ack"), "ack: " + ack);
          acked.add(ack.path("msgId").asLong());
        }
        engine.kill(); // with half acknowledged and the rest in flight
        for (JsonNode late = sender.poll(Duration.ofMillis(200)); late != null;
            late = sender.poll(Duration.ofMillis(200))) {
          if (late.path("op").asText().equals("ack")) {
            acked.add(late.path("msgId").asLong()); // read before the kill, counted as acked
          }
        }
      }
    }
    Set<Long> delivered = new HashSet<>();
    try (ChildJvm engine = engine(dir, uri.getPort(), "second")) {
      engine.await(READY, Duration.ofSeconds(30));
      for (int r = 0; r < recipients; r++) {
        try (SlowReader reader = SlowReader.connect(uri, 0, 0)) {
          reader.send(RawSocket.login(1, APP, "r" + r, issuer.issue("r" + r, Duration.ofMinutes(10))));
          int before = -1;
          while (reader.msgIds().size() != before) { // until 500 ms without a new message
            before = reader.msgIds().size();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
          }
          delivered.addAll(reader.msgIds());
        }
      }
    }
    Set<Long> lost = new HashSet<>(acked);
    lost.removeAll(delivered);
    System.out.printf("kill -9: %d messages acknowledged before the kill, %d delivered after the "
        + "restart (%d committed whose ack died with the process), %d acknowledged and lost%n",
        acked.size(), delivered.size(), delivered.size() - acked.size() + lost.size(), lost.size());
    assertEquals(lost.size(), 0, "acknowledged but never delivered: " + lost.size());
  }

  @Test(timeOut = 120_000)
  public void clientsReconnectByThemselvesAndStoredInvitationsSurvive() throws Exception {
    Path dir = Scratch.folder("callfarm-restart");
    String a = EngineHarness.user("alice");
    String b = EngineHarness.user("bob");
    String e = EngineHarness.user("erin");
    try (ClientRuntime runtime = ClientRuntime.start(2)) {
      URI uri;
      EventLog aliceLog = new EventLog();
      EventLog bobLog = new EventLog();
      AudioCallClient alice;
      AudioCallClient bob;
      long readyAt;
      try (ChildJvm engine = engine(dir, 0, "first")) {
        uri = URI.create(engine.await(READY, Duration.ofSeconds(30)));
        alice = client(runtime, uri, a, aliceLog);
        bob = client(runtime, uri, b, bobLog);
        alice.call(e); // erin is offline: stored with its push
        alice.hangup(); // the cancel is stored too; a second call rings her after the restart
        alice.call(b);
        expect(bobLog, "onInvited(" + a + ",[],false)");
        bob.accept();
        expect(aliceLog, "onUserEnter(" + b + ")");
        engine.kill();
        // the documented ending of a call cut by the connection
        expect(aliceLog, "onCallEnd");
        expect(bobLog, "onCallEnd");
        assertTrue(aliceLog.signatures().contains("onError(60010,"
            + aliceLog.events().stream().filter(ev -> ev.name().equals("onError")).findFirst()
            .orElseThrow().args().get(1) + ")"), aliceLog.signatures().toString());
      }
      try (ChildJvm engine = engine(dir, uri.getPort(), "second")) {
        engine.await(READY, Duration.ofSeconds(30));
        readyAt = System.nanoTime();
        long aliceBack = awaitLoggedIn(alice);
        long bobBack = awaitLoggedIn(bob);
        System.out.printf("engine restart: alice logged in again %d ms, bob %d ms after the new "
            + "engine was ready (backoff 250 ms doubling to 8 s)%n",
            TimeUnit.NANOSECONDS.toMillis(aliceBack - readyAt),
            TimeUnit.NANOSECONDS.toMillis(bobBack - readyAt));
        EventLog erinLog = new EventLog();
        AudioCallClient erin = client(runtime, uri, e, erinLog);
        Timeline.expectExactly(erinLog, "onInvited(" + a + ",[],false)", "onCallingCancel");
        aliceLog.clear();
        bobLog.clear();
        alice.call(b); // the reconnected sessions call again
        expect(bobLog, "onInvited(" + a + ",[],false)");
        bob.accept();
        expect(aliceLog, "onUserEnter(" + b + ")");
        alice.hangup();
        expect(bobLog, "onCallEnd");
        for (AudioCallClient c : List.of(alice, bob, erin)) {
          c.destroy();
        }
      }
    }
  }

  private static long awaitLoggedIn(AudioCallClient client) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (client.isLoggedIn().get(5, TimeUnit.SECONDS)) {
        return System.nanoTime();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    throw new AssertionError("not logged in again within 30 s");
  }

  private AudioCallClient client(ClientRuntime runtime, URI uri, String user, EventLog log)
      throws Exception {
    AudioCallClient client = new AudioCallClient(ClientConfig.of(uri), runtime, CallMedia.NONE);
    client.setDelegate(log);
    client.setup();
    client.login(APP, user, issuer.issue(user, Duration.ofMinutes(10))).get(10, TimeUnit.SECONDS);
    return client;
  }

  private static ChildJvm engine(Path dir, int port, String name) throws Exception {
    List<String> args = new ArrayList<>(List.of("engine", "--db", dir.resolve("engine.db").toString(),
        "--port", String.valueOf(port)));
    return ChildJvm.start(CallFarm.class, args, Map.of(), dir.resolve("engine-" + name + ".log"));
  }
}
