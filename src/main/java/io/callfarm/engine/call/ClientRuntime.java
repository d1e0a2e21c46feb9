package io.callfarm.engine.call;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.LoggerFactory;

/**
 * Threads and the WebSocket client shared by many call components in one JVM (a device farm or a
 * load run with thousands of users): an event pool the components' serial executors run on, one
 * timer thread, and one Jetty WebSocket client. Whoever creates it closes it, after its components.
 */
public final class ClientRuntime implements AutoCloseable {
  private final ExecutorService events;
  private final ScheduledThreadPoolExecutor timers;
  private final WebSocketClient webSockets;

  private ClientRuntime(ExecutorService events, ScheduledThreadPoolExecutor timers,
      WebSocketClient webSockets) {
    this.events = events;
    this.timers = timers;
    this.webSockets = webSockets;
  }

  /** @param eventThreads threads running delegate callbacks and protocol logic */
  public static ClientRuntime start(int eventThreads) {
    QueuedThreadPool io = new QueuedThreadPool(Math.max(8, eventThreads * 2), 2);
    io.setName("callfarm-client-io");
    io.setDaemon(true);
    WebSocketClient webSockets = new WebSocketClient();
    webSockets.getHttpClient().setExecutor(io);
    webSockets.setIdleTimeout(java.time.Duration.ofMinutes(10));
    webSockets.setMaxTextMessageSize(1 << 20);
    try {
      webSockets.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the WebSocket client: " + e.getMessage(), e);
    }
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
        named("callfarm-client-timer"));
    timers.setRemoveOnCancelPolicy(true); // a cancelled request timer frees its memory at once
    return new ClientRuntime(Executors.newFixedThreadPool(eventThreads, named("callfarm-client-event")),
        timers, webSockets);
  }

  SerialExecutor newEventThread() {
    return new SerialExecutor(events);
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  /** Timers waiting to fire (request timeouts, invitation timers, heartbeats, reconnections). */
  int pendingTimers() {
    return timers.getQueue().size();
  }

  WebSocketClient webSockets() {
    return webSockets;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    try {
      webSockets.stop();
    } catch (Exception e) {
      LoggerFactory.getLogger(ClientRuntime.class).warn("stopping the WebSocket client failed: {}",
          e.toString());
    }
    events.shutdown();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.shutdownNow();
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
