package io.callfarm.engine.net;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.testng.annotations.Test;

/**
 * The relay on real loopback sockets: sender -> relay -> receiver (and back). Packet counts are bounded and
 * senders wait for the relay to take each batch, so no datagram is lost in a socket buffer and the counters
 * must equal what the seeded {@link ImpairmentModel} predicts.
 */
@Test(groups = "integration")
public class LinkEmulatorIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int BATCH = 50;

  public void configuredDelayShowsAsOneWayLatency() throws Exception {
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint receiver = UdpEndpoint.sink()) {
      UdpRelay relay = emu.open(receiver.address(), Impairment.parse("delay=100"), Impairment.NONE, 1);
      int n = 50;
      for (int i = 0; i < n; i++) {
        sender.send(i, 160, relay.localAddress());
        LockSupport.parkNanos(5_000_000); // pace like an audio stream; not waiting for a condition
      }
      Poll.until(TIMEOUT, () -> receiver.count() == n, () -> "received " + receiver.count() + " of " + n);
      List<Double> ms = receiver.received().stream().map(r -> r.latencyNanos() / 1e6).sorted().toList();
      System.out.printf("delay=100: one-way latency min %.2f ms, median %.2f ms, max %.2f ms%n",
          ms.get(0), ms.get(n / 2), ms.get(n - 1));
      assertTrue(ms.get(0) >= 100.0, "latency below the configured delay: " + ms.get(0) + " ms");
      assertTrue(ms.get(n / 2) < 102.0, "median latency " + ms.get(n / 2) + " ms, expected < 102 ms");
      assertTrue(ms.get(n - 1) < 120.0, "max latency " + ms.get(n - 1) + " ms, expected < 120 ms");
      assertEquals(relay.counters(Direction.FORWARD).delayed(), n);
    }
  }

  public void seededLossCountersEqualTheModelsPrediction() throws Exception {
    Impairment loss = Impairment.parse("loss=10");
    long seed = 42;
    int n = 1000;
    int size = 120;
    ImpairmentModel model = ImpairmentModel.of(loss, seed, Direction.FORWARD);
    Set<Integer> expected = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      if (!model.next(size).lost()) {
        expected.add(i);
      }
    }
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint receiver = UdpEndpoint.sink()) {
      UdpRelay relay = emu.open(receiver.address(), loss, Impairment.NONE, seed);
      sendInBatches(sender, relay, n, size);
      Poll.until(TIMEOUT, () -> relay.counters(Direction.FORWARD).inFlight() == 0
          && receiver.count() == expected.size(),
          () -> relay.counters(Direction.FORWARD) + ", receiver got " + receiver.count());
      LinkCounters c = relay.counters(Direction.FORWARD);
      System.out.printf("loss=10 seed=42: %d sent, %d dropped (%.1f %%), %d forwarded, %d received%n",
          n, c.dropped(), 100.0 * c.dropped() / n, c.forwarded(), receiver.count());
      assertEquals(c.received(), n);
      assertEquals(c.dropped(), n - expected.size());
      assertEquals(c.forwarded(), expected.size());
      assertEquals(c.bytesForwarded(), (long) expected.size() * size);
      assertEquals(receiver.count(), c.forwarded());
      assertEquals(seqs(receiver), expected, "exactly the datagrams the model keeps arrive");
    }
  }

  public void duplicatesArriveTwice() throws Exception {
    Impairment dup = Impairment.parse("duplicate=20");
    long seed = 7;
    int n = 500;
    ImpairmentModel model = ImpairmentModel.of(dup, seed, Direction.FORWARD);
    Set<Integer> expectedTwice = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      if (model.next(100).duplicated()) {
        expectedTwice.add(i);
      }
    }
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint receiver = UdpEndpoint.sink()) {
      UdpRelay relay = emu.open(receiver.address(), dup, Impairment.NONE, seed);
      sendInBatches(sender, relay, n, 100);
      int total = n + expectedTwice.size();
      Poll.until(TIMEOUT, () -> receiver.count() == total, () -> "received " + receiver.count() + " of " + total);
      Map<Integer, Long> copies = receiver.received().stream()
          .collect(Collectors.groupingBy(UdpEndpoint.Received::seq, Collectors.counting()));
      Set<Integer> twice = copies.entrySet().stream().filter(e -> e.getValue() == 2).map(Map.Entry::getKey)
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(copies.size(), n);
      assertEquals(twice, expectedTwice);
      assertEquals(relay.counters(Direction.FORWARD).duplicated(), expectedTwice.size());
      assertEquals(relay.counters(Direction.FORWARD).forwarded(), total);
    }
  }

  public void rateLimitPacesToTheConfiguredRate() throws Exception {
    // 172 B payload + 28 B IPv4/UDP = 200 B = 1600 bit: 6.25 ms each at 256 kbit/s; 80 packets take ~0.5 s
    int n = 80;
    int payload = 172;
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint receiver = UdpEndpoint.sink()) {
      UdpRelay relay = emu.open(receiver.address(), Impairment.parse("rate=256"), Impairment.NONE, 3);
      for (int i = 0; i < n; i++) {
        sender.send(i, payload, relay.localAddress());
      }
      Poll.until(TIMEOUT, () -> receiver.count() == n, () -> "received " + receiver.count() + " of " + n);
      List<UdpEndpoint.Received> got = receiver.received();
      double seconds = (got.get(n - 1).arrivalNanos() - got.get(0).arrivalNanos()) / 1e9;
      double kbps = (n - 1) * (payload + 28) * 8 / seconds / 1000;
      System.out.printf("rate=256: measured %.1f kbit/s on the wire (%.1f kbit/s payload) over %.0f ms%n",
          kbps, kbps * payload / (payload + 28), seconds * 1000);
      assertEquals(kbps, 256, 256 * 0.05, "measured wire rate kbit/s");
      assertEquals(seqs(receiver), range(n), "rate limiting keeps order and loses nothing below the queue limit");
    }
  }

  public void fullRateQueueTailDrops() throws Exception {
    // 64 kbit/s, 172 B payload: 25 ms per packet; a 20-packet burst into a 5-packet queue loses ~15
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint receiver = UdpEndpoint.sink()) {
      UdpRelay relay = emu.open(receiver.address(), Impairment.parse("rate=64,queue=5"), Impairment.NONE, 4);
      for (int i = 0; i < 20; i++) {
        sender.send(i, 172, relay.localAddress());
      }
      Poll.until(TIMEOUT, () -> relay.counters(Direction.FORWARD).received() == 20
          && relay.counters(Direction.FORWARD).inFlight() == 0, () -> relay.counters(Direction.FORWARD).toString());
      LinkCounters c = relay.counters(Direction.FORWARD);
      assertTrue(c.droppedQueue() >= 10 && c.droppedQueue() <= 15, "tail drops: " + c);
      assertEquals(c.forwarded() + c.droppedQueue(), 20);
      Poll.until(TIMEOUT, () -> receiver.count() == c.forwarded(), () -> "received " + receiver.count());
    }
  }

  public void reorderedDatagramsOvertakeDelayedOnes() throws Exception {
    // a 100-datagram burst takes well under the 80 ms delay, so every reordered datagram arrives first
    Impairment reorder = Impairment.parse("delay=80,reorder=25");
    int n = 100;
    ImpairmentModel model = ImpairmentModel.of(reorder, 11, Direction.FORWARD);
    List<Integer> expectedFirst = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (model.next(100).reordered()) {
        expectedFirst.add(i);
      }
    }
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint receiver = UdpEndpoint.sink()) {
      UdpRelay relay = emu.open(receiver.address(), reorder, Impairment.NONE, 11);
      sendInBatches(sender, relay, n, 100);
      Poll.until(TIMEOUT, () -> receiver.count() == n, () -> "received " + receiver.count() + " of " + n);
      List<Integer> order = receiver.received().stream().map(UdpEndpoint.Received::seq).toList();
      assertEquals(order.subList(0, expectedFirst.size()), expectedFirst);
      assertEquals(relay.counters(Direction.FORWARD).reordered(), expectedFirst.size());
      assertEquals(relay.counters(Direction.FORWARD).delayed(), n - expectedFirst.size());
    }
  }

  public void jitterReordersWithoutARateAndKeepsOrderWithOne() throws Exception {
    int n = 100;
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint free = UdpEndpoint.sink(); UdpEndpoint paced = UdpEndpoint.sink()) {
      Impairment jitter = Impairment.parse("delay=50,jitter=40");
      UdpRelay unordered = emu.open(free.address(), jitter, Impairment.NONE, 12);
      UdpRelay ordered = emu.open(paced.address(), jitter.toBuilder().rateKbps(100_000).build(),
          Impairment.NONE, 12);
      sendInBatches(sender, unordered, n, 100);
      sendInBatches(sender, ordered, n, 100);
      Poll.until(TIMEOUT, () -> free.count() == n && paced.count() == n,
          () -> "received " + free.count() + " and " + paced.count() + " of " + n);
      List<Integer> freeOrder = free.received().stream().map(UdpEndpoint.Received::seq).toList();
      List<Integer> pacedOrder = paced.received().stream().map(UdpEndpoint.Received::seq).toList();
      assertFalse(isSorted(freeOrder), "+-40 ms jitter on a burst reorders (netem semantics)");
      assertTrue(isSorted(pacedOrder), "with a rate, jitter never reorders: " + pacedOrder);
    }
  }

  public void backwardDirectionReachesTheOriginalSender() throws Exception {
    int n = 20;
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint caller = UdpEndpoint.sink();
        UdpEndpoint echo = UdpEndpoint.echo()) {
      UdpRelay relay = emu.open(echo.address(), Impairment.parse("delay=20"), Impairment.parse("delay=30"), 5);
      for (int i = 0; i < n; i++) {
        caller.send(i, 100, relay.localAddress());
      }
      Poll.until(TIMEOUT, () -> caller.count() == n, () -> "echoes back " + caller.count() + " of " + n);
      assertEquals(relay.peer().orElseThrow(), caller.address());
      assertTrue(echo.received().stream().allMatch(r -> r.source().equals(relay.localAddress())),
          "the target sees the relay as its peer");
      assertTrue(caller.received().stream().allMatch(r -> r.source().equals(relay.localAddress())),
          "the caller sees the relay as its peer");
      double minRtt = caller.received().stream().mapToLong(UdpEndpoint.Received::latencyNanos).min().orElseThrow()
          / 1e6;
      assertTrue(minRtt >= 50.0, "round trip " + minRtt + " ms below 20 + 30 ms");
      assertEquals(relay.counters(Direction.FORWARD).forwarded(), n);
      assertEquals(relay.counters(Direction.BACKWARD).received(), n);
      assertEquals(relay.counters(Direction.BACKWARD).forwarded(), n);
    }
  }

  public void impairmentChangesMidCallAndStrangersAreIgnored() throws Exception {
    try (LinkEmulator emu = new LinkEmulator(); UdpEndpoint sender = UdpEndpoint.sink();
        UdpEndpoint stranger = UdpEndpoint.sink(); UdpEndpoint receiver = UdpEndpoint.sink()) {
      UdpRelay relay = emu.open(receiver.address(), Impairment.NONE, Impairment.NONE, 6);
      sendInBatches(sender, relay, 50, 100);
      Poll.until(TIMEOUT, () -> receiver.count() == 50, () -> "received " + receiver.count());
      relay.setImpairment(Direction.FORWARD, Impairment.parse("loss=100"));
      assertEquals(relay.impairment(Direction.FORWARD).lossPercent(), 100.0);
      sendInBatches(sender, relay, 50, 100);
      stranger.send(999, 100, relay.localAddress());
      Poll.until(TIMEOUT, () -> relay.ignored() == 1, () -> "ignored " + relay.ignored());
      LinkCounters c = relay.counters(Direction.FORWARD);
      assertEquals(c.received(), 100);
      assertEquals(c.dropped(), 50);
      assertEquals(c.forwarded(), 50);
      assertEquals(receiver.count(), 50);
    }
  }

  public void closingFreesPortsAndStopsThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    List<Integer> ports = new ArrayList<>();
    UdpRelay single;
    List<Thread> started;
    try (UdpEndpoint sender = UdpEndpoint.sink(); UdpEndpoint receiver = UdpEndpoint.sink()) {
      LinkEmulator emu = new LinkEmulator();
      started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
          .filter(t -> t.getName().startsWith("linkemu-")).toList();
      assertEquals(started.size(), 2, "one I/O and one delivery thread: " + started);
      for (int i = 0; i < 3; i++) {
        UdpRelay r = emu.open(receiver.address(), Impairment.parse("delay=200"), Impairment.NONE, i);
        ports.add(r.localPort());
        sender.send(i, 100, r.localAddress());
      }
      single = emu.open(receiver.address(), Impairment.NONE, Impairment.NONE, 9);
      int singlePort = single.localPort();
      single.close();
      assertFalse(single.isOpen());
      Poll.until(TIMEOUT, () -> canBind(singlePort), () -> "port " + singlePort + " still bound after close");
      assertEquals(emu.relays().size(), 3);
      Poll.until(TIMEOUT, () -> emu.relays().stream().allMatch(r -> r.counters(Direction.FORWARD).received() == 1),
          () -> "relays did not receive");
      emu.close();
      emu.close();
      single.close();
      assertEquals(emu.relays().size(), 0);
      assertEquals(receiver.count(), 0, "datagrams in flight are discarded on close");
    }
    for (Thread t : started) {
      assertFalse(t.isAlive(), t.getName() + " still running after close");
    }
    for (int port : ports) {
      assertTrue(canBind(port), "port " + port + " still bound after the emulator closed");
    }
  }

  /** Sends n datagrams, waiting after each batch until the relay has taken it (no socket-buffer overflow). */
  private static void sendInBatches(UdpEndpoint sender, UdpRelay relay, int n, int size) {
    long already = relay.counters(Direction.FORWARD).received();
    for (int i = 0; i < n; i++) {
      sender.send(i, size, relay.localAddress());
      if ((i + 1) % BATCH == 0 || i == n - 1) {
        long sent = already + i + 1;
        Poll.until(TIMEOUT, () -> relay.counters(Direction.FORWARD).received() == sent,
            () -> "relay received " + relay.counters(Direction.FORWARD).received() + " of " + sent);
      }
    }
  }

  private static Set<Integer> seqs(UdpEndpoint endpoint) {
    return endpoint.received().stream().map(UdpEndpoint.Received::seq)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean isSorted(List<Integer> seqs) {
    for (int i = 1; i < seqs.size(); i++) {
      if (seqs.get(i) < seqs.get(i - 1)) {
        return false;
      }
    }
    return true;
  }

  private static Set<Integer> range(int n) {
    Set<Integer> s = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      s.add(i);
    }
    return s;
  }

  private static boolean canBind(int port) {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      return s.isBound();
    } catch (SocketException e) {
      return false;
    }
  }
}
