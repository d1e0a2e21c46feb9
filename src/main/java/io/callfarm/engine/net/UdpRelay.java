package io.callfarm.engine.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One impaired media path: a UDP socket on 127.0.0.1 that stands in for a remote candidate. The first address
 * that sends to it becomes its peer; datagrams from the peer go to the target ({@link Direction#FORWARD}),
 * datagrams from the target go back to the peer ({@link Direction#BACKWARD}), both sent from this socket so
 * each side sees the relay as the other. Datagrams from anyone else, or from the target before a peer is known,
 * are ignored and counted in {@link #ignored()}.
 *
 * <p>Opened by {@link LinkEmulator#open}; the caller owns it and closes it (or closes the emulator). Thread-safe.
 */
public final class UdpRelay implements AutoCloseable {

  private final LinkEmulator owner;
  private final DatagramChannel channel;
  private final InetSocketAddress local;
  private final InetSocketAddress target;
  private final long seed;
  private final Map<Direction, ImpairedPath> paths = new EnumMap<>(Direction.class);
  private final AtomicLong ignored = new AtomicLong();
  private volatile InetSocketAddress peer;

  UdpRelay(LinkEmulator owner, DatagramChannel channel, InetSocketAddress target, Impairment forward,
      Impairment backward, long seed, DeliveryScheduler scheduler) throws IOException {
    this.owner = owner;
    this.channel = channel;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.target = target;
    this.seed = seed;
    paths.put(Direction.FORWARD,
        new ImpairedPath(channel, scheduler, ImpairmentModel.of(forward, seed, Direction.FORWARD)));
    paths.put(Direction.BACKWARD,
        new ImpairedPath(channel, scheduler, ImpairmentModel.of(backward, seed, Direction.BACKWARD)));
  }

  /** Where to send to reach the target through this relay: 127.0.0.1 and the relay's port. */
  public InetSocketAddress localAddress() {
    return local;
  }

  /** The relay's UDP port on 127.0.0.1, to put into a rewritten candidate. */
  public int localPort() {
    return local.getPort();
  }

  /** Where forward datagrams go. */
  public InetSocketAddress target() {
    return target;
  }

  /** The learned peer (first sender that is not the target), or empty until someone has sent. */
  public Optional<InetSocketAddress> peer() {
    return Optional.ofNullable(peer);
  }

  /** The seed this relay's decisions derive from, see {@link ImpairmentModel#of}. */
  public long seed() {
    return seed;
  }

  /** The impairment currently applied to {@code direction}. */
  public Impairment impairment(Direction direction) {
    return paths.get(direction).impairment();
  }

  /**
   * Replaces the impairment of one direction from its next datagram on (e.g. a scenario's mid-call network
   * change). Datagrams already scheduled keep their send times; the datagram index and so the seeded random
   * sequence continue; a Gilbert-Elliott model restarts in its Good state and the rate limiter with an empty
   * queue.
   *
   * @param impairment not null; {@link Impairment#NONE} for a perfect link
   */
  public void setImpairment(Direction direction, Impairment impairment) {
    paths.get(direction).setImpairment(impairment);
  }

  /** A snapshot of one direction's counters; exact once traffic has stopped and nothing is in flight. */
  public LinkCounters counters(Direction direction) {
    return paths.get(direction).counters();
  }

  /** Datagrams dropped because they came from neither the peer nor the target (or from the target too early). */
  public long ignored() {
    return ignored.get();
  }

  /** True until {@link #close()} (or the emulator's close). */
  public boolean isOpen() {
    return channel.isOpen();
  }

  /**
   * Closes the socket and discards datagrams still in flight. The port is free once the emulator's I/O thread
   * has deregistered the socket, within milliseconds. Idempotent.
   */
  @Override
  public void close() {
    owner.release(this);
  }

  @Override
  public String toString() {
    return "UdpRelay[" + local + " -> " + target + ", peer " + peer + "]";
  }

  DatagramChannel channel() {
    return channel;
  }

  /** Called by the emulator's I/O thread for each datagram received, in arrival order. */
  void onDatagram(byte[] data, InetSocketAddress source, long arrivalNanos) {
    InetSocketAddress knownPeer = peer;
    if (source.equals(target)) {
      if (knownPeer == null) {
        ignored.incrementAndGet();
      } else {
        paths.get(Direction.BACKWARD).submit(data, arrivalNanos, knownPeer);
      }
      return;
    }
    if (knownPeer == null) {
      peer = source;
      knownPeer = source;
    }
    if (source.equals(knownPeer)) {
      paths.get(Direction.FORWARD).submit(data, arrivalNanos, target);
    } else {
      ignored.incrementAndGet();
    }
  }
}
