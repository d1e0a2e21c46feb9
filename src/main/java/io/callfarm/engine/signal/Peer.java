package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One client connection as the {@link Switchboard} sees it, independent of the transport. Sends are
 * asynchronous and never block the caller.
 */
public interface Peer {
  void send(ObjectNode frame);

  /** Closes the connection with a WebSocket close code and a reason the client can show. */
  void disconnect(int closeCode, String reason);

  /** The remote address and port, for logs and error messages. */
  String remote();

  /** The remote IP address alone: the scope of per-address limits. */
  String address();
}
