package io.callfarm.engine.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicInteger;

import io.callfarm.engine.net.DirectionCounters.Kind;

/**
 * One direction of a relay: runs each datagram through the {@link ImpairmentModel} and the
 * {@link RateLimiter}, schedules its sends on the emulator's {@link DeliveryScheduler} and counts what happened.
 * A perfect direction ({@link Impairment#NONE}) with nothing of its own still waiting on the scheduler sends at
 * once from the I/O thread: the same decision the model would make, without the hand-over to the delivery thread
 * (one wake-up per datagram, about a third of the emulator's cost per packet); order is kept because nothing
 * earlier is pending. {@link #submit} is called by the I/O thread only; {@link #setImpairment} by any thread.
 */
final class ImpairedPath {

  /** IPv4 (20) + UDP (8) header bytes, counted by the rate limiter as netem would see them on the wire. */
  static final int IPV4_UDP_OVERHEAD_BYTES = 28;

  private final DatagramChannel channel;
  private final DeliveryScheduler scheduler;
  private final ImpairmentModel model;
  private final DirectionCounters counters = new DirectionCounters();
  private RateLimiter limiter;
  private long lastDue = Long.MIN_VALUE;
  /** Sends of this direction handed to the scheduler and not yet run. */
  private final AtomicInteger queued = new AtomicInteger();

  ImpairedPath(DatagramChannel channel, DeliveryScheduler scheduler, ImpairmentModel model) {
    this.channel = channel;
    this.scheduler = scheduler;
    this.model = model;
    this.limiter = limiterFor(model.impairment());
  }

  synchronized Impairment impairment() {
    return model.impairment();
  }

  /** Applies {@code next} from the next datagram on; datagrams already scheduled keep their send times. */
  synchronized void setImpairment(Impairment next) {
    model.setImpairment(next);
    limiter = limiterFor(next);
  }

  LinkCounters counters() {
    return counters.snapshot();
  }

  /**
   * Decides and schedules the fate of a datagram that arrived at {@code arrivalNanos}.
   *
   * @param data the datagram; owned by this path from now on (may be corrupted in place)
   */
  synchronized void submit(byte[] data, long arrivalNanos, InetSocketAddress destination) {
    counters.increment(Kind.RECEIVED);
    counters.add(Kind.BYTES_RECEIVED, data.length);
    if (limiter == null && queued.get() == 0 && model.impairment().equals(Impairment.NONE)) {
      model.skipUnimpaired();
      send(data, destination);
      return;
    }
    PacketFate fate = model.next(data.length);
    if (fate.lost()) {
      counters.increment(Kind.DROPPED);
      return;
    }
    long due = arrivalNanos;
    if (limiter != null) {
      due = limiter.admit(arrivalNanos, data.length + IPV4_UDP_OVERHEAD_BYTES);
      if (due == RateLimiter.DROPPED) {
        counters.increment(Kind.DROPPED_QUEUE);
        return;
      }
    }
    if (fate.reordered()) {
      counters.increment(Kind.REORDERED);
    } else {
      due += fate.delayNanos();
      if (fate.delayNanos() > 0) {
        counters.increment(Kind.DELAYED);
      }
      if (limiter != null) {
        due = Math.max(due, lastDue);
        lastDue = due;
      }
    }
    if (fate.corruptBit() >= 0) {
      data[(int) (fate.corruptBit() >>> 3)] ^= (byte) (0x80 >>> (fate.corruptBit() & 7));
      counters.increment(Kind.CORRUPTED);
    }
    schedule(due, data, destination);
    if (fate.duplicated()) {
      counters.increment(Kind.DUPLICATED);
      schedule(due, data, destination);
    }
  }

  private void schedule(long due, byte[] data, InetSocketAddress destination) {
    queued.incrementAndGet();
    scheduler.schedule(due, () -> {
      try {
        send(data, destination);
      } finally {
        queued.decrementAndGet();
      }
    });
  }

  private void send(byte[] data, InetSocketAddress destination) {
    if (!channel.isOpen()) {
      return;
    }
    try {
      if (channel.send(ByteBuffer.wrap(data), destination) == data.length) {
        counters.increment(Kind.FORWARDED);
        counters.add(Kind.BYTES_FORWARDED, data.length);
        return;
      }
    } catch (IOException | RuntimeException e) {
      // counted below: a closed or unreachable destination must not stop the scheduler thread
    }
    counters.increment(Kind.SEND_FAILED);
  }

  private static RateLimiter limiterFor(Impairment impairment) {
    return impairment.rateKbps() > 0 ? new RateLimiter(impairment.rateKbps(), impairment.queuePackets()) : null;
  }
}
