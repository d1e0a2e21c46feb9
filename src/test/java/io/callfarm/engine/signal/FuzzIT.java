package io.callfarm.engine.signal;

import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.auth.AuthCode;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.testng.annotations.Test;

/**
 * Seeded, bounded fuzzing of the signalling server over real WebSockets: 100,000 adversarial frames
 * on eight connections (four logged in, four not) while a legitimate pair keeps calling and a
 * probe pings. Pinned: no internal error (60000), every frame answered exactly once with a
 * documented code (binary frames too; with its id whenever the id could be read), the calls and
 * pings go on, and afterwards the connections, heap and threads are back at the baseline.
 */
@Test(groups = "integration")
public class FuzzIT {
  private static final long SEED = 20261201L;
  private static final int FRAMES = 100_000;
  private static final int CONNECTIONS = 8;

  @Test(timeOut = 180_000)
  public void adversarialFramesGetCodedAnswersAndHurtNobody() throws Exception {
    Set<Integer> documented = new HashSet<>();
    for (ErrorCode c : ErrorCode.values()) {
      documented.add(c.code());
    }
    for (AuthCode c : AuthCode.values()) {
      documented.add(c.code());
    }
    ServerConfig config = ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults()
        .withLoginDeadline(Duration.ofMinutes(5)));
    try (EngineHarness farm = new EngineHarness(Duration.ofSeconds(5), config)) {
      String a = EngineHarness.user("alice");
      String b = EngineHarness.user("bob");
      Device alice = farm.login(a);
      Device bob = farm.login(b);
      // the fuzz aims at its own users and strangers; the legitimate pair it leaves alone, since
      // any well-formed invitation to bob (anyone may call anyone) would rightly make him busy
      List<String> targets = new ArrayList<>(List.of("x", "", "administrator", "nobody"));
      for (int i = 0; i < CONNECTIONS / 2; i++) {
        targets.add("fuzz" + i);
      }

      // warm-up with the same traffic, so the baseline has the server's thread pool and the JIT
      // at their working size (Jetty retires at most one idle thread per idle timeout)
      round(farm, documented, targets, a, alice, b, bob, SEED - 1, 6_000);
      Baseline before = Baseline.awaitSettled(farm, 2);
      Round main = round(farm, documented, targets, a, alice, b, bob, SEED, FRAMES);
      Result result = main.result();
      long[] rtt = main.pingMicros();
      double seconds = main.seconds();
      int calls = main.calls();
      System.out.printf("fuzz: %d frames on %d connections in %.1f s = %.0f frames/s; answers by "
              + "code %s; legitimate calls completed %d; pings %d, p50 %.2f ms, p99 %.2f ms, max "
              + "%.2f ms%n", FRAMES, CONNECTIONS, seconds, FRAMES / seconds, result.codes, calls,
          rtt.length, percentile(rtt, 0.50), percentile(rtt, 0.99), rtt[rtt.length - 1] / 1000.0);
      assertEquals(result.internalErrors, 0, "internal errors (60000)");
      assertEquals(result.undocumented, 0, "answers without a documented code: " + result.codes);
      assertEquals(result.unanswered, 0, "requests with an id never answered");
      assertEquals(result.duplicates, 0, "requests answered twice");
      assertEquals(result.anonymousErrors, result.anonymousExpected,
          "frames answered by an error without id (unreadable ids, broken JSON, binary)");
      assertEquals(result.closed, 0, "fuzz connections the server closed");
      assertTrue(main.callFailure() == null, "the legitimate calls broke: " + main.callFailure());
      assertTrue(calls > 0, "no legitimate call completed during the fuzz");
      assertTrue(rtt.length > 100, "the probe hardly pinged: " + rtt.length);

      Baseline after = Baseline.awaitBack(farm, before);
      System.out.printf("fuzz: before %s; after %s%n", before, after);
      assertTrue(after.heapBytes() <= before.heapBytes() + 16L * 1024 * 1024,
          "heap after the fuzz " + after + " vs before " + before);
      List<String> grown = after.poolsGrownSince(before);
      assertTrue(grown.isEmpty(), "thread pools of the engine or the WebSocket stack larger than "
          + "before the fuzz: " + grown);
      assertEquals(after.connections(), before.connections(), "connections left open");
    }
  }

  /** What one fuzz round measured. */
  private record Round(Result result, long[] pingMicros, double seconds, int calls,
      Throwable callFailure) {}

  /** Fuzz frames while the legitimate pair calls and the probe pings; everything stopped after. */
  private static Round round(EngineHarness farm, Set<Integer> documented, List<String> targets,
      String a, Device alice, String b, Device bob, long seed, int frames) throws Exception {
    WebSocketClient client = fuzzClient();
    try {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger calls = new AtomicInteger();
      AtomicReference<Throwable> callFailure = new AtomicReference<>();
      Thread caller = new Thread(() -> {
        try {
          while (running.get()) {
            alice.log().clear();
            bob.log().clear();
            alice.client().call(b);
            expect(bob.log(), "onInvited(" + a + ",[],false)");
            bob.client().accept();
            expect(alice.log(), "onUserEnter(" + b + ")");
            alice.client().hangup();
            expect(bob.log(), "onCallEnd");
            calls.incrementAndGet();
            // a user places a few calls a second at most (the server allows 10 dialings/s)
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
          }
        } catch (Throwable t) {
          callFailure.set(new AssertionError(t.getMessage() + "; alice saw "
              + alice.log().signatures(), t));
        }
      }, "legit-caller");
      long[] pingMicros = new long[200_000];
      AtomicInteger pings = new AtomicInteger();
      Thread prober = new Thread(() -> probe(farm, running, pingMicros, pings), "legit-ping");
      caller.start();
      prober.start();
      long start = System.nanoTime();
      Result result = runFuzz(farm, client, documented, targets, seed, frames);
      double seconds = (System.nanoTime() - start) / 1e9;
      running.set(false);
      caller.join(30_000);
      prober.join(30_000);
      long[] rtt = Arrays.copyOf(pingMicros, pings.get());
      Arrays.sort(rtt);
      return new Round(result, rtt, seconds, calls.get(), callFailure.get());
    } finally {
      client.stop();
    }
  }

  private static WebSocketClient fuzzClient() throws Exception {
    WebSocketClient client = new WebSocketClient();
    client.setMaxTextMessageSize(1 << 20);
    client.start();
    return client;
  }

  private record Result(long internalErrors, long undocumented, long unanswered, long duplicates,
      long anonymousErrors, long anonymousExpected, long closed, Map<Integer, Long> codes) {}

  private static Result runFuzz(EngineHarness farm, WebSocketClient client, Set<Integer> documented,
      List<String> targets, long seed, int frames) throws Exception {
    List<FuzzSocket> sockets = new ArrayList<>();
    List<FrameFuzzer> fuzzers = new ArrayList<>();
    long[] anonymous = new long[CONNECTIONS];
    long[] lastId = new long[CONNECTIONS];
    for (int c = 0; c < CONNECTIONS; c++) {
      FuzzSocket socket = FuzzSocket.connect(client, farm.engine().signallingUri(), documented);
      boolean loggedIn = c < CONNECTIONS / 2;
      if (loggedIn) {
        String user = "fuzz" + c;
        socket.request(1, RawSocket.login(1, farm.engine().sdkAppId(), user,
            farm.engine().userSig(user, Duration.ofMinutes(10))));
      }
      sockets.add(socket);
      fuzzers.add(new FrameFuzzer(seed * 31 + c, targets, !loggedIn, 2));
    }
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      int connection = c;
      Thread t = new Thread(() -> {
        FuzzSocket socket = sockets.get(connection);
        FrameFuzzer fuzzer = fuzzers.get(connection);
        try {
          for (int n = 0; n < frames / CONNECTIONS; n++) {
            FrameFuzzer.Fuzzed f = fuzzer.next();
            if (f.anonymous()) {
              anonymous[connection]++;
              if (f.binary() != null) {
                socket.sendBinary(f.binary());
              } else {
                socket.send(f.text());
              }
            } else {
              lastId[connection] = f.id();
              socket.request(f.id(), f.text());
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "fuzzer-" + c);
      senders.add(t);
      t.start();
    }
    for (Thread t : senders) {
      t.join(120_000);
    }
    // every request answered: wait for the stragglers (stored messages ack after their commit)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long unanswered;
    long anonymousErrors;
    long expectedAnonymous = Arrays.stream(anonymous).sum();
    do {
      unanswered = 0;
      anonymousErrors = 0;
      for (int c = 0; c < CONNECTIONS; c++) {
        unanswered += (lastId[c] == 0 ? 0 : lastId[c] - 1) + (c < CONNECTIONS / 2 ? 1 : 0)
            - sockets.get(c).answeredCount();
        anonymousErrors += sockets.get(c).anonymousErrors.get();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    } while ((unanswered > 0 || anonymousErrors < expectedAnonymous) && System.nanoTime() < deadline);
    Map<Integer, Long> codes = new TreeMap<>();
    long internal = 0;
    long undocumented = 0;
    long duplicates = 0;
    long closed = 0;
    for (FuzzSocket socket : sockets) {
      socket.codes.forEach((code, n) -> codes.merge(code, n.get(), Long::sum));
      internal += socket.internalErrors.get();
      undocumented += socket.undocumented.get();
      duplicates += socket.duplicateAnswers.get();
      closed += socket.closeCode() >= 0 ? 1 : 0;
      socket.close();
    }
    return new Result(internal, undocumented, unanswered, duplicates, anonymousErrors,
        expectedAnonymous, closed, codes);
  }

  /** A legitimate client's heartbeat: ping, wait for the pong, measure, every 2 ms. */
  private static void probe(EngineHarness farm, AtomicBoolean running, long[] micros,
      AtomicInteger count) {
    String user = EngineHarness.user("probe");
    try (RawSocket probe = RawSocket.connect(farm.engine().signallingUri())) {
      probe.send(RawSocket.login(1, farm.engine().sdkAppId(), user,
          farm.engine().userSig(user, Duration.ofMinutes(10))));
      probe.expectAck(1);
      long id = 2;
      while (running.get() && count.get() < micros.length) {
        long sent = System.nanoTime();
        probe.send("{\"op\":\"ping\",\"id\":" + id + "}");
        long want = id++;
        JsonNode pong = probe.poll(Duration.ofSeconds(5));
        while (pong != null && pong.path("id").asLong(-1) != want) {
          pong = probe.poll(Duration.ofSeconds(5));
        }
        if (pong == null) {
          throw new AssertionError("a ping went unanswered for 5 s during the fuzz");
        }
        micros[count.getAndIncrement()] = (System.nanoTime() - sent) / 1000;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double percentile(long[] sortedMicros, double q) {
    return sortedMicros[Math.min(sortedMicros.length - 1, (int) Math.ceil(q * sortedMicros.length) - 1)]
        / 1000.0;
  }

  /**
   * Heap in use after a GC, live threads per pool of the engine and the fuzzers' WebSocket stack
   * (pool = thread name without its number; other test classes' lingering JDK threads do not
   * count), and open connections of the engine.
   */
  private record Baseline(long heapBytes, Map<String, Integer> threads, int connections) {
    /** The engine's pools and the fuzz clients' Jetty threads (the legitimate clients' are not). */
    private static final List<String> WATCHED = List.of("callfarm-signal", "callfarm-store",
        "WebSocket", "HttpClient", "qtp", "Scheduler", "Connector");

    /** Pools with more live threads than in {@code before}: "name: before -> now". */
    List<String> poolsGrownSince(Baseline before) {
      return threads.entrySet().stream()
          .filter(p -> p.getValue() > before.threads.getOrDefault(p.getKey(), 0))
          .map(p -> p.getKey() + ": " + before.threads.getOrDefault(p.getKey(), 0) + " -> "
              + p.getValue()).toList();
    }

    private static Map<String, Integer> watchedThreads() {
      Map<String, Integer> out = new TreeMap<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.isAlive() && WATCHED.stream().anyMatch(p -> t.getName().startsWith(p))) {
          out.merge(t.getName().replaceAll("[-@]?[0-9a-f]*[0-9]+[0-9a-f]*$", "")
              .replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
      }
      return out;
    }

    /** Measures once the engine holds exactly {@code connections} (the fuzz ones closed). */
    static Baseline awaitSettled(EngineHarness farm, int connections) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (farm.engine().switchboard().connections() != connections
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      return measure(farm);
    }

    static Baseline measure(EngineHarness farm) {
      System.gc();
      return new Baseline(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
          watchedThreads(), farm.engine().switchboard().connections());
    }

    /** Waits (up to 20 s: idle server threads leave after 10 s) until the JVM is back. */
    static Baseline awaitBack(EngineHarness farm, Baseline before) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Baseline now = measure(farm);
      while ((!now.poolsGrownSince(before).isEmpty() || now.connections != before.connections
          || now.heapBytes > before.heapBytes + 16L * 1024 * 1024) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        now = measure(farm);
      }
      return now;
    }

    @Override
    public String toString() {
      return String.format("heap %.1f MiB, engine/WebSocket threads %s, %d connections",
          heapBytes / 1048576.0, threads, connections);
    }
  }
}
