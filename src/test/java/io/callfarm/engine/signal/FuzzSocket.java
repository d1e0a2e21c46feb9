package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One fuzzing connection: sends what the generator makes and accounts for every answer, keeping
 * counts instead of frames so 100,000 of them cost no memory. Answers to requests with an id are
 * matched to the id (each exactly once); answers without an id are counted. Public because Jetty
 * calls listener methods reflectively.
 */
public final class FuzzSocket implements Session.Listener.AutoDemanding {
  /** Requests in flight at most, so the fuzzer cannot outrun the server's answers unboundedly. */
  static final int WINDOW = 256;

  private final Semaphore window = new Semaphore(WINDOW);
  private final BitSet answered = new BitSet();
  final AtomicLong duplicateAnswers = new AtomicLong();
  final AtomicLong anonymousErrors = new AtomicLong();
  final AtomicLong anonymousOther = new AtomicLong();
  final AtomicLong pushes = new AtomicLong();
  final AtomicLong internalErrors = new AtomicLong();
  final AtomicLong undocumented = new AtomicLong();
  final Map<Integer, AtomicLong> codes = new ConcurrentHashMap<>();
  private final Set<Integer> documented;
  private volatile Session session;
  private volatile int closeCode = -1;

  private FuzzSocket(Set<Integer> documented) {
    this.documented = documented;
  }

  static FuzzSocket connect(WebSocketClient client, URI uri, Set<Integer> documented)
      throws Exception {
    FuzzSocket socket = new FuzzSocket(documented);
    client.connect(socket, uri).get(5, TimeUnit.SECONDS);
    return socket;
  }

  /** Sends a request carrying {@code id}; blocks while {@link #WINDOW} are unanswered. */
  void request(long id, String text) throws InterruptedException {
    if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no answers for 30 s with " + WINDOW + " requests in flight");
    }
    session.sendText(text, Callback.NOOP);
  }

  /** Sends a frame that is answered without an id (refused before its id could be read). */
  void send(String text) {
    session.sendText(text, Callback.NOOP);
  }

  void sendBinary(byte[] bytes) {
    session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
  }

  synchronized int answeredCount() {
    return answered.cardinality();
  }

  synchronized boolean isAnswered(long id) {
    return answered.get((int) id);
  }

  int closeCode() {
    return closeCode;
  }

  void close() {
    Session s = session;
    if (s != null) {
      s.close(1000, "done", Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    session = opened;
  }

  @Override
  public void onWebSocketText(String text) {
    JsonNode frame;
    try {
      frame = Frame.JSON.readTree(text);
    } catch (java.io.IOException e) {
      undocumented.incrementAndGet();
      return;
    }
    String op = frame.path("op").asText();
    boolean reply = op.equals("ack") || op.equals("pong") || op.equals("error");
    if (op.equals("error")) {
      int code = frame.path("code").asInt(-1);
      codes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
      if (code == ErrorCode.INTERNAL.code()) {
        internalErrors.incrementAndGet();
      } else if (!documented.contains(code) || !frame.path("message").isTextual()) {
        undocumented.incrementAndGet();
      }
    }
    if (!reply) {
      pushes.incrementAndGet();
      return;
    }
    if (frame.has("id")) {
      int id = frame.path("id").asInt();
      synchronized (this) {
        if (answered.get(id)) {
          duplicateAnswers.incrementAndGet();
          return;
        }
        answered.set(id);
      }
      window.release();
    } else if (op.equals("error")) {
      anonymousErrors.incrementAndGet();
    } else {
      anonymousOther.incrementAndGet();
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closeCode = statusCode;
  }
}
