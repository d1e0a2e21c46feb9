package io.callfarm.engine.signal;

import static org.testng.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A bare WebSocket client that sends whatever text a test gives it, for probing the server with
 * malformed and hostile frames. Public because Jetty calls listener methods reflectively.
 */
public final class RawSocket implements Session.Listener.AutoDemanding, AutoCloseable {
  private final WebSocketClient client = new WebSocketClient();
  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private volatile Session session;
  private volatile int closeCode = -1;

  public static RawSocket connect(URI uri) throws Exception {
    return connect(uri, null);
  }

  /**
   * Connects with an {@code Origin} header (as a browser page would), or none when null.
   *
   * @throws java.util.concurrent.ExecutionException when the upgrade is refused (the client is
   *     stopped then)
   */
  public static RawSocket connect(URI uri, String origin) throws Exception {
    RawSocket socket = new RawSocket();
    socket.client.start();
    ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
    if (origin != null) {
      upgrade.setHeader("Origin", origin);
    }
    try {
      socket.client.connect(socket, uri, upgrade).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.client.stop();
      throw e;
    }
    return socket;
  }

  /** A login frame. */
  public static String login(int id, long app, String user, String sig) {
    return "{\"op\":\"login\",\"id\":" + id + ",\"sdkAppId\":" + app + ",\"userId\":\"" + user
        + "\",\"userSig\":\"" + sig + "\"}";
  }

  public void send(String text) {
    session.sendText(text, Callback.NOOP);
  }

  public void sendBinary(byte[] bytes) {
    session.sendBinary(java.nio.ByteBuffer.wrap(bytes), Callback.NOOP);
  }

  /** The next frame within {@code timeout}, or null. */
  public JsonNode poll(Duration timeout) throws InterruptedException {
    JsonNode frame = frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (frame != null) {
      seen.add(frame);
    }
    return frame;
  }

  /** The next frame matching {@code match}, skipping others; fails at the deadline. */
  public JsonNode expect(Predicate<JsonNode> match, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
      if (frame == null) {
        fail("expected " + what + " within 5 s; received " + seen);
      }
      seen.add(frame);
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** The error frame answering request {@code id}. */
  public JsonNode expectError(long id) throws InterruptedException {
    return expect(f -> f.path("op").asText().equals("error") && f.path("id").asLong(-1) == id,
        "error for request " + id);
  }

  /** The error frame answering a request that carried no id. */
  public JsonNode expectAnonymousError() throws InterruptedException {
    return expect(f -> f.path("op").asText().equals("error") && !f.has("id"), "error without id");
  }

  public JsonNode expectAck(long id) throws InterruptedException {
    return expect(f -> f.path("op").asText().equals("ack") && f.path("id").asLong(-1) == id,
        "ack for request " + id);
  }

  /** Proves the connection still works: a ping gets its pong. */
  public void expectAlive(long id) throws InterruptedException {
    send("{\"op\":\"ping\",\"id\":" + id + "}");
    expect(f -> f.path("op").asText().equals("pong") && f.path("id").asLong(-1) == id, "pong " + id);
  }

  public boolean isOpen() {
    Session s = session;
    return s != null && s.isOpen();
  }

  public int closeCode() {
    return closeCode;
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    session = opened;
  }

  @Override
  public void onWebSocketText(String text) {
    try {
      frames.add(io.callfarm.engine.signal.Frame.JSON.readTree(text));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("server sent non-JSON: " + text, e);
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closeCode = statusCode;
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
