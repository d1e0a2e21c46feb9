package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of the {@link SignalServer}, forwarded to the {@link Switchboard} as a
 * {@link Peer}. Public only because Jetty invokes listener methods reflectively.
 */
public final class SignalEndpoint implements Session.Listener.AutoDemanding, Peer {
  private static final Logger LOG = LoggerFactory.getLogger(SignalEndpoint.class);
  private final Switchboard switchboard;
  private volatile Session session;

  SignalEndpoint(Switchboard switchboard) {
    this.switchboard = switchboard;
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    this.session = opened;
    switchboard.opened(this);
  }

  @Override
  public void onWebSocketText(String text) {
    switchboard.received(this, text);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    int length = payload.remaining();
    callback.succeed();
    switchboard.receivedBinary(this, length);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    switchboard.closed(this);
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    switchboard.closed(this);
  }

  @Override
  public void send(ObjectNode frame) {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.sendText(frame.toString(), Callback.from(() -> { }, failure -> {
        // past the outgoing frame bound (or a broken pipe): undelivered messages stay stored
        LOG.info("closing {}: a send failed ({})", remote(), failure.toString());
        s.disconnect();
      }));
    }
  }

  @Override
  public void disconnect(int closeCode, String reason) {
    Session s = session;
    if (s != null) {
      s.close(closeCode, reason, Callback.NOOP);
    }
  }

  @Override
  public String remote() {
    Session s = session;
    return s == null ? "?" : String.valueOf(s.getRemoteSocketAddress());
  }

  @Override
  public String address() {
    Session s = session;
    SocketAddress remote = s == null ? null : s.getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : String.valueOf(remote);
  }
}
