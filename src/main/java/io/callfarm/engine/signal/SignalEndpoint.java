package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket connection of the {@link SignalServer}, forwarded to the {@link Switchboard} as a
 * {@link Peer}. Public only because Jetty invokes listener methods reflectively.
 */
public final class SignalEndpoint implements Session.Listener.AutoDemanding, Peer {
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
      s.sendText(frame.toString(), Callback.from(() -> { }, failure -> s.disconnect()));
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
}
