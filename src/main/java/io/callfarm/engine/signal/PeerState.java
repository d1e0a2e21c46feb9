package io.callfarm.engine.signal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What the server knows of one connection: who logged in on it, when it was last heard, its rooms. */
final class PeerState {
  final Peer peer;
  final Set<Integer> rooms = ConcurrentHashMap.newKeySet();
  volatile UserKey user;
  volatile long lastSeenNanos;

  PeerState(Peer peer, long nowNanos) {
    this.peer = peer;
    this.lastSeenNanos = nowNanos;
  }
}
