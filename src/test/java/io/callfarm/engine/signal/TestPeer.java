package io.callfarm.engine.signal;

import static org.testng.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory connection to a {@link Switchboard}: the transport-independent side of the server,
 * driven frame by frame from the test's own threads so a race can be staged exactly. Records what
 * the server sent and how it closed the connection.
 */
final class TestPeer implements Peer {
  private static final AtomicInteger IDS = new AtomicInteger();
  private final String name = "test-peer-" + IDS.incrementAndGet();
  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private volatile int closeCode = -1;

  @Override
  public void send(ObjectNode frame) {
    frames.add(frame.deepCopy());
  }

  @Override
  public void disconnect(int code, String reason) {
    closeCode = code;
  }

  @Override
  public String remote() {
    return name;
  }

  @Override
  public String address() {
    return "127.0.0.1";
  }

  int closeCode() {
    return closeCode;
  }

  /** The next frame matching {@code match}, skipping others; fails after 5 s. */
  JsonNode expect(Predicate<JsonNode> match, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
      if (frame == null) {
        fail(name + ": expected " + what + " within 5 s; received " + seen);
      }
      seen.add(frame);
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** Whether a frame matching {@code match} has arrived and not been consumed yet (does not wait or consume). */
  boolean hasFrame(Predicate<JsonNode> match) {
    return frames.stream().anyMatch(match);
  }

  /** The answer (ack, pong or error) to request {@code id}. */
  JsonNode answer(long id) throws InterruptedException {
    return expect(f -> f.path("id").asLong(-1) == id && !f.path("op").asText().equals("msg"),
        "the answer to request " + id);
  }
}
