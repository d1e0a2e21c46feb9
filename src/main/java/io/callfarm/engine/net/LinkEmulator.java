package io.callfarm.engine.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the relays that impair a test run's media paths, and the two threads that serve all of them: one I/O
 * thread receiving on every relay socket (a {@link Selector}) and one delivery thread sending each datagram at
 * its scheduled time. No thread spins; idle relays cost nothing but a socket.
 *
 * <p>Usage: {@code try (LinkEmulator emu = new LinkEmulator()) { UdpRelay r = emu.open(target, fwd, bwd, seed);
 * rewrite the candidate to r.localAddress(); ... }} ({@code LinkEmulatorIT} shows each feature in use).
 * Closing the emulator closes every relay, frees their ports and stops both threads. Datagrams in flight are
 * held in memory until sent: about delay times packet rate per direction (500 ms at 50 packets/s is 25).
 * Thread-safe.
 */
public final class LinkEmulator implements AutoCloseable {

  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final int MAX_DATAGRAM = 65_535;
  private static final int RECEIVE_BATCH = 64;
  private static final int SOCKET_BUFFER_BYTES = 1 << 20;

  private final Selector selector;
  private final DeliveryScheduler scheduler;
  private final Thread ioThread;
  private final Set<UdpRelay> relays = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Starts the emulator's two daemon threads ({@code linkemu-N-io}, {@code linkemu-N-delivery}).
   *
   * @throws UncheckedIOException if no selector can be opened
   */
  public LinkEmulator() {
    int id = INSTANCES.incrementAndGet();
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("link emulator: cannot open a selector: " + e.getMessage(), e);
    }
    scheduler = new DeliveryScheduler("linkemu-" + id + "-delivery");
    ioThread = new Thread(this::receiveLoop, "linkemu-" + id + "-io");
    ioThread.setDaemon(true);
    ioThread.start();
  }

  /**
   * Opens a relay on 127.0.0.1 (ephemeral port) that forwards to {@code target}.
   *
   * @param target where the learned peer's datagrams go (normally a 127.0.0.1 candidate)
   * @param forward impairment from peer to target, not null ({@link Impairment#NONE} for none)
   * @param backward impairment from target to peer, not null
   * @param seed decides every random choice of this relay; same seed and same datagram sequence, same
   *     decisions (see {@link ImpairmentModel#of})
   * @throws IllegalStateException if the emulator is closed
   * @throws UncheckedIOException if no port can be bound
   */
  public UdpRelay open(InetSocketAddress target, Impairment forward, Impairment backward, long seed) {
    if (target == null || target.isUnresolved()) {
      throw new IllegalArgumentException("relay target must be a resolved address such as 127.0.0.1:5004, got "
          + target);
    }
    if (forward == null || backward == null) {
      throw new NullPointerException("relay impairments must not be null; use Impairment.NONE for a perfect link");
    }
    if (closed) {
      throw new IllegalStateException("link emulator is closed; open relays before closing it");
    }
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
      channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      channel.configureBlocking(false);
      UdpRelay relay = new UdpRelay(this, channel, target, forward, backward, seed, scheduler);
      relays.add(relay);
      channel.register(selector, SelectionKey.OP_READ, relay);
      selector.wakeup();
      if (closed) {
        release(relay);
        throw new IllegalStateException("link emulator was closed while opening a relay");
      }
      return relay;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("link emulator: cannot open a relay on 127.0.0.1 for " + target + ": "
          + e.getMessage(), e);
    }
  }

  /** The relays open now, in no particular order. */
  public List<UdpRelay> relays() {
    return List.copyOf(relays);
  }

  /**
   * Closes every relay (freeing their ports), discards datagrams in flight and stops both threads, waiting up
   * to 5 s each. Idempotent.
   *
   * @throws IllegalStateException if a thread did not stop in time
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (UdpRelay relay : relays) {
      release(relay);
    }
    selector.wakeup();
    try {
      ioThread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.close();
    if (ioThread.isAlive()) {
      throw new IllegalStateException("link emulator thread " + ioThread.getName() + " did not stop within 5 s");
    }
  }

  /** Closes one relay's socket and lets the I/O thread deregister it, which frees the port. */
  void release(UdpRelay relay) {
    relays.remove(relay);
    closeQuietly(relay.channel());
    selector.wakeup();
  }

  private void receiveLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    try {
      while (!closed) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          drain(key, buffer);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | ClosedSelectorException e) {
      // the selector is gone: nothing more can be received; close() below releases the rest
    } finally {
      closeQuietly(selector);
    }
  }

  private static void drain(SelectionKey key, ByteBuffer buffer) {
    UdpRelay relay = (UdpRelay) key.attachment();
    DatagramChannel channel = (DatagramChannel) key.channel();
    try {
      for (int i = 0; i < RECEIVE_BATCH && key.isValid(); i++) {
        buffer.clear();
        InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
        if (source == null) {
          return;
        }
        long arrival = System.nanoTime();
        buffer.flip();
        byte[] data = new byte[buffer.remaining()];
        buffer.get(data);
        relay.onDatagram(data, source, arrival);
      }
    } catch (IOException e) {
      key.cancel();
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // closing on the way out: nothing useful to do with a second failure
    }
  }
}
