package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A WebSocket client that reads slowly on purpose: it asks for the next frame only after a pause
 * (Jetty's explicit demand), so the server's sends back up into the TCP buffers — the way a phone on
 * a weak link reads. It acknowledges every message it reads, as the IM SDK does. Public because
 * Jetty calls listener methods reflectively.
 */
public final class SlowReader implements Session.Listener, AutoCloseable {
  private final WebSocketClient client = new WebSocketClient();
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
  private final int slowFrames;
  private final long pauseMicros;
  private final List<Long> msgIds = new ArrayList<>();
  private final List<JsonNode> others = new ArrayList<>();
  private final AtomicInteger read = new AtomicInteger();
  private volatile Session session;
  private volatile int closeCode = -1;

  /** Reads the first {@code slowFrames} frames {@code pauseMicros} apart, then at full speed. */
  private SlowReader(int slowFrames, long pauseMicros) {
    this.slowFrames = slowFrames;
    this.pauseMicros = pauseMicros;
  }

  static SlowReader connect(URI uri, int slowFrames, long pauseMicros) throws Exception {
    SlowReader reader = new SlowReader(slowFrames, pauseMicros);
    reader.client.start();
    reader.client.connect(reader, uri).get(5, TimeUnit.SECONDS);
    return reader;
  }

  void send(String text) {
    session.sendText(text, Callback.NOOP);
  }

  /** The message ids read so far, in order. */
  synchronized List<Long> msgIds() {
    return List.copyOf(msgIds);
  }

  /** Frames other than messages read so far. */
  synchronized List<JsonNode> others() {
    return List.copyOf(others);
  }

  int closeCode() {
    return closeCode;
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    session = opened;
    opened.demand();
  }

  @Override
  public void onWebSocketText(String text) {
    JsonNode frame;
    try {
      frame = Frame.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    synchronized (this) {
      if (frame.path("op").asText().equals("msg")) {
        msgIds.add(frame.path("msgId").asLong());
        session.sendText("{\"op\":\"msg.ack\",\"msgIds\":[" + frame.path("msgId").asLong() + "]}",
            Callback.NOOP);
      } else {
        others.add(frame);
      }
    }
    if (read.incrementAndGet() <= slowFrames) {
      pacer.schedule(session::demand, pauseMicros, TimeUnit.MICROSECONDS);
    } else {
      session.demand();
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closeCode = statusCode;
  }

  @Override
  public void close() throws Exception {
    pacer.shutdownNow();
    client.stop();
  }
}
