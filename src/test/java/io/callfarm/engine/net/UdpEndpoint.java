package io.callfarm.engine.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A test peer on 127.0.0.1: sends numbered, time-stamped datagrams and records what it receives (with the
 * arrival time) on its own reader thread; as an echo it sends every datagram back to where it came from.
 */
final class UdpEndpoint implements AutoCloseable {

  /** A datagram as received: its sequence number, send and arrival {@link System#nanoTime()}, size, source. */
  record Received(int seq, long sentNanos, long arrivalNanos, int size, InetSocketAddress source) {
    long latencyNanos() {
      return arrivalNanos - sentNanos;
    }
  }

  private final DatagramSocket socket;
  private final boolean echo;
  private final List<Received> received = new ArrayList<>();
  private final Thread reader;

  private UdpEndpoint(boolean echo) {
    this.echo = echo;
    try {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      socket.setReceiveBufferSize(1 << 20);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    reader = new Thread(this::read, "test-udp-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
  }

  static UdpEndpoint sink() {
    return new UdpEndpoint(false);
  }

  static UdpEndpoint echo() {
    return new UdpEndpoint(true);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Sends datagram {@code seq} of {@code size} bytes (>= 12) stamped with the current time. */
  void send(int seq, int size, InetSocketAddress to) {
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(seq).putLong(System.nanoTime());
    try {
      socket.send(new DatagramPacket(b.array(), size, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  synchronized int count() {
    return received.size();
  }

  @Override
  public void close() {
    socket.close();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void read() {
    byte[] buf = new byte[65_535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      while (true) {
        p.setData(buf);
        socket.receive(p);
        long now = System.nanoTime();
        ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
        Received r = new Received(b.getInt(), b.getLong(), now, p.getLength(),
            (InetSocketAddress) p.getSocketAddress());
        synchronized (this) {
          received.add(r);
        }
        if (echo) {
          socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        }
      }
    } catch (IOException e) {
      // socket closed: the endpoint is done
    }
  }
}
