package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.signal.Frame;
import io.callfarm.engine.signal.ProtocolException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's WebSocket connection to the signalling server: requests with an {@code id} are answered
 * by {@code ack}/{@code error} frames and complete a future (its timeout timer is cancelled with the
 * answer); every other frame goes to the push handler. Everything inbound — replies, pushes,
 * timeouts, the close — is handed to the owner's serial executor in arrival order, so a reply and
 * the push that followed it on the wire are seen in that order.
 *
 * <p>Messages ({@code msg}) are acknowledged to the server ({@code msg.ack}, batched per pass of the
 * executor) once the push handler has seen them; the server delivers again what was not
 * acknowledged when a connection drops, so a message already seen (by {@code msgId}) is acknowledged
 * and not handed on twice. Thread-safe.
 */
public final class SignalChannel implements Session.Listener.AutoDemanding {
  private static final Logger LOG = LoggerFactory.getLogger(SignalChannel.class);
  /** Code of the error a channel reports when the connection dropped. */
  static final int CONNECTION_LOST = 60010;

  private final Consumer<Frame> pushHandler;
  private final BiConsumer<SignalChannel, String> closeHandler;
  private final Duration requestTimeout;
  private final Executor inbound;
  private final ScheduledExecutorService timers;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final MessageIds seen;
  private final List<Long> unacked = new ArrayList<>();
  private volatile Session session;

  /** A request waiting for its answer, with the timer that fails it. */
  private record Pending(CompletableFuture<Frame> reply, ScheduledFuture<?> timer) {}

  private SignalChannel(Consumer<Frame> pushHandler, BiConsumer<SignalChannel, String> closeHandler,
      Duration requestTimeout, Executor inbound, ScheduledExecutorService timers, MessageIds seen) {
    this.seen = seen;
    this.pushHandler = pushHandler;
    this.closeHandler = closeHandler;
    this.requestTimeout = requestTimeout;
    this.inbound = inbound;
    this.timers = timers;
  }

  /**
   * Connects; handlers, reply futures and timeouts all run on {@code inbound}.
   *
   * @param seen the message ids the owner already saw (kept across its reconnections)
   * @param closeHandler told which channel closed and why
   */
  static CompletableFuture<SignalChannel> connect(ClientRuntime runtime, URI uri,
      Duration requestTimeout, Executor inbound, MessageIds seen, Consumer<Frame> pushHandler,
      BiConsumer<SignalChannel, String> closeHandler) {
    SignalChannel channel = new SignalChannel(pushHandler, closeHandler, requestTimeout, inbound,
        runtime.timers(), seen);
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

  /**
   * Sends a request. The future completes on the inbound executor: with the {@code ack}, or with a
   * {@link CallException} for an {@code error} frame, a timeout or a lost connection.
   */
  CompletableFuture<Frame> request(ObjectNode frame) {
    long id = ids.incrementAndGet();
    frame.put("id", id);
    CompletableFuture<Frame> reply = new CompletableFuture<>();
    ScheduledFuture<?> timer = timers.schedule(() -> inbound.execute(() -> {
      if (pending.remove(id) != null) {
        reply.completeExceptionally(new CallException(CONNECTION_LOST, "'"
            + frame.path("op").asText() + "' got no answer within " + requestTimeout.toMillis()
            + " ms"));
      }
    }), requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    pending.put(id, new Pending(reply, timer));
    send(frame);
    return reply;
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

  /** Requests waiting for their answer (each holds one timer until answered or timed out). */
  int pendingRequests() {
    return pending.size();
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
      LOG.warn("the server sent a bad frame: {}", e.getMessage());
      return;
    }
    inbound.execute(() -> dispatch(frame));
  }

  private void dispatch(Frame frame) {
    long id = frame.requestId();
    String op = frame.op();
    if (id >= 0 && (op.equals("ack") || op.equals("error") || op.equals("pong"))) {
      Pending waiting = pending.remove(id);
      if (waiting != null) {
        waiting.timer().cancel(false);
        if (op.equals("error")) {
          waiting.reply().completeExceptionally(new CallException(frame.node().path("code").asInt(),
              frame.node().path("message").asText()));
        } else {
          waiting.reply().complete(frame);
        }
        return;
      }
    }
    if (op.equals("msg")) {
      long msgId = frame.node().path("msgId").asLong(-1);
      if (msgId > 0) {
        boolean fresh = seen.add(msgId);
        acknowledge(msgId);
        if (!fresh) {
          return; // delivered again after a reconnection: seen already
        }
      }
    }
    pushHandler.accept(frame);
  }

  /** Queues an acknowledgement; one {@code msg.ack} per pass of the executor carries them all. */
  private void acknowledge(long msgId) {
    unacked.add(msgId);
    if (unacked.size() == 1) {
      inbound.execute(this::flushAcks);
    }
  }

  private void flushAcks() {
    if (unacked.isEmpty()) {
      return;
    }
    ObjectNode ack = Frame.JSON.createObjectNode().put("op", "msg.ack");
    ArrayNode list = ack.putArray("msgIds");
    unacked.forEach(list::add);
    unacked.clear();
    send(ack);
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
    inbound.execute(() -> {
      for (Long id : List.copyOf(pending.keySet())) {
        Pending waiting = pending.remove(id);
        if (waiting != null) {
          waiting.timer().cancel(false);
          waiting.reply().completeExceptionally(new CallException(CONNECTION_LOST, why));
        }
      }
      closeHandler.accept(this, why);
    });
  }

  private void failRequest(ObjectNode frame, String why) {
    long id = frame.path("id").asLong(-1);
    inbound.execute(() -> {
      Pending waiting = pending.remove(id);
      if (waiting != null) {
        waiting.timer().cancel(false);
        waiting.reply().completeExceptionally(new CallException(CONNECTION_LOST,
            "'" + frame.path("op").asText() + "' not sent: " + why));
      }
    });
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
