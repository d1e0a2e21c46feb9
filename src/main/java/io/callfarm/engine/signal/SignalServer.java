package io.callfarm.engine.signal;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket transport of the {@link Switchboard}: Jetty 12 on the configured address (loopback,
 * ephemeral port by default) with the protocol at {@code /ws}, behind the {@link HostGuard}. Started ready: {@link #start} returns
 * once the port is bound. Owns its threads; {@link #close()} stops them.
 */
public final class SignalServer implements AutoCloseable {
  private static final int MAX_QUEUED_FRAMES_PER_PEER = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(SignalServer.class);

  private final Server jetty;
  private final ScheduledExecutorService reaper;
  private final URI uri;

  private SignalServer(Server jetty, ScheduledExecutorService reaper, URI uri) {
    this.jetty = jetty;
    this.reaper = reaper;
    this.uri = uri;
  }

  /**
   * Starts the server.
   *
   * @param extraHandler served beside the WebSocket endpoint (e.g. static files), or null
   */
  public static SignalServer start(ServerConfig config, Switchboard switchboard,
      Handler extraHandler) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4, 10_000); // idle threads go after 10 s
    threads.setMaxEvictCount(8); // ... all of them, not one per 10 s, after a burst
    threads.setName("callfarm-signal");
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(config.host());
    connector.setPort(config.port());
    jetty.addConnector(connector);
    ContextHandler context = new ContextHandler("/");
    WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(jetty, context, container -> {
      container.setMaxTextMessageSize(4L * config.maxFrameChars());
      container.setMaxBinaryMessageSize(4L * config.maxFrameChars());
      container.setMaxOutgoingFrames(MAX_QUEUED_FRAMES_PER_PEER);
      container.setIdleTimeout(config.heartbeatTimeout().multipliedBy(2));
      container.addMapping("/ws", (request, response, callback) -> new SignalEndpoint(switchboard));
    });
    if (extraHandler != null) {
      ws.setHandler(extraHandler);
    }
    context.setHandler(ws);
    jetty.setHandler(new HostGuard(config, connector::getLocalPort, context));
    try {
      jetty.start();
    } catch (Exception e) {
      jetty.stop(); // a failed start (port in use) leaves no threads behind
      throw e;
    }
    URI uri = URI.create("ws://" + config.host() + ":" + connector.getLocalPort() + "/ws");
    ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callfarm-signal-reaper");
      t.setDaemon(true);
      return t;
    });
    long period = config.reaperPeriod().toMillis();
    reaper.scheduleWithFixedDelay(() -> {
      try {
        switchboard.reap();
      } catch (RuntimeException e) {
        LOG.error("reaper pass failed; the next one runs as scheduled", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    return new SignalServer(jetty, reaper, uri);
  }

  /** The WebSocket URI clients connect to, e.g. {@code ws://127.0.0.1:41234/ws}. */
  public URI uri() {
    return uri;
  }

  /** The HTTP base URI of the same server. */
  public URI httpUri() {
    return URI.create("http://" + uri.getHost() + ":" + uri.getPort() + "/");
  }

  @Override
  public void close() throws Exception {
    reaper.shutdownNow();
    jetty.stop();
    reaper.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
  }
}
