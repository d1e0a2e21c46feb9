package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.signal.Frame;
import io.callfarm.engine.signal.ProtocolException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A client's WebSocket connection to the signalling server: requests with an {@code id} are answered
 * by {@code ack}/{@code error} frames and complete a future; every other frame goes to the push
 * handler, in arrival order, on a transport thread. Thread-safe.
 */
public final class SignalChannel implements Session.Listener.AutoDemanding {
  /** Code of the error a channel reports when the connection dropped. */
  static final int CONNECTION_LOST = 60010;

  private final Consumer<Frame> pushHandler;
  private final Consumer<String> closeHandler;
  private final Duration requestTimeout;
  private final Map<Long, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile Session session;

  private SignalChannel(Consumer<Frame> pushHandler, Consumer<String> closeHandler,
      Duration requestTimeout) {
    this.pushHandler = pushHandler;
    this.closeHandler = closeHandler;
    this.requestTimeout = requestTimeout;
  }

  static CompletableFuture<SignalChannel> connect(ClientRuntime runtime, URI uri,
      Duration requestTimeout, Consumer<Frame> pushHandler, Consumer<String> closeHandler) {
    SignalChannel channel = new SignalChannel(pushHandler, closeHandler, requestTimeout);
    try {
      return runtime.webSockets().connect(channel, uri)
          .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .handle((s, failure) -> {
            if (failure != null) {
              throw new CallException(CONNECTION_LOST, "cannot connect to " + uri + ": "
                  + rootMessage(failure));
            }
            return channel;
          });
    } catch (java.io.IOException e) {
      return CompletableFuture.failedFuture(
          new CallException(CONNECTION_LOST, "cannot connect to " + uri + ": " + e.getMessage()));
    }
  }

  /** Sends a request; the future fails with {@link CallException} on an error frame or timeout. */
  CompletableFuture<Frame> request(ObjectNode frame) {
    long id = ids.incrementAndGet();
    frame.put("id", id);
    CompletableFuture<Frame> reply = new CompletableFuture<>();
    pending.put(id, reply);
    send(frame);
    return reply.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> pending.remove(id))
        .exceptionallyCompose(e -> {
          // stages after the first see the server's CallException wrapped in a CompletionException
          Throwable cause = e instanceof java.util.concurrent.CompletionException
              && e.getCause() != null ? e.getCause() : e;
          return CompletableFuture.failedFuture(cause instanceof CallException ? cause
              : new CallException(CONNECTION_LOST, "'" + frame.path("op").asText()
                  + "' got no answer within " + requestTimeout.toMillis() + " ms"));
        });
  }

  /** Sends a frame that needs no answer. */
  void send(ObjectNode frame) {
    Session s = session;
    if (s == null || !s.isOpen()) {
      failRequest(frame, "not connected");
      return;
    }
    s.sendText(frame.toString(), Callback.from(() -> { },
        failure -> failRequest(frame, rootMessage(failure))));
  }

  boolean isOpen() {
    Session s = session;
    return s != null && s.isOpen();
  }

  void close() {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.close(1000, "bye", Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    this.session = opened;
  }

  @Override
  public void onWebSocketText(String text) {
    Frame frame;
    try {
      frame = Frame.parse(text).requireOp();
    } catch (ProtocolException e) {
      System.err.println("callfarm-call: server sent a bad frame: " + e.getMessage());
      return;
    }
    long id = frame.requestId();
    String op = frame.op();
    if (id >= 0 && (op.equals("ack") || op.equals("error") || op.equals("pong"))) {
      CompletableFuture<Frame> reply = pending.get(id);
      if (reply != null) {
        if (op.equals("error")) {
          reply.completeExceptionally(new CallException(frame.node().path("code").asInt(),
              frame.node().path("message").asText()));
        } else {
          reply.complete(frame);
        }
        return;
      }
    }
    pushHandler.accept(frame);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closed("closed by server: " + statusCode + " " + reason);
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    closed("transport error: " + rootMessage(cause));
  }

  private void closed(String why) {
    pending.values().forEach(f -> f.completeExceptionally(new CallException(CONNECTION_LOST, why)));
    pending.clear();
    closeHandler.accept(why);
  }

  private void failRequest(ObjectNode frame, String why) {
    CompletableFuture<Frame> reply = pending.get(frame.path("id").asLong(-1));
    if (reply != null) {
      reply.completeExceptionally(new CallException(CONNECTION_LOST,
          "'" + frame.path("op").asText() + "' not sent: " + why));
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
