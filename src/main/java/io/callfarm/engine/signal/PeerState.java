package io.callfarm.engine.signal;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the server knows of one connection. Lock order, always: the user's stripe lock
 * ({@code Switchboard.lockFor}), then this session's monitor, then a room's monitor. The session
 * fields below are guarded by this object's monitor; {@link #mailbox} by the user's stripe lock.
 */
final class PeerState {
  final Peer peer;
  final String address;
  final Mailbox mailbox = new Mailbox();
  volatile long lastSeenNanos;

  // written under this object's monitor; the volatile ones are read without it (the reaper)
  /** The logged-in user, or null. */
  volatile UserKey user;
  /** Closed, kicked or reaped: never logs in again, never enters a room again. */
  boolean closed;
  /** Counted among its address's connections that have not logged in. */
  boolean countedUnauthenticated;
  /** Since when it has been without a login (opening or logout), for the login deadline. */
  volatile long unauthenticatedSinceNanos;
  int failedLogins;
  final Set<Integer> rooms = new HashSet<>();

  PeerState(Peer peer, long nowNanos) {
    this.peer = peer;
    this.address = peer.address();
    this.lastSeenNanos = nowNanos;
    this.unauthenticatedSinceNanos = nowNanos;
  }

  synchronized UserKey user() {
    return user;
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * The flow control of messages to this session's user: sent live while fewer than the live window
   * are unacknowledged, else pumped from the store as acknowledgements come.
   */
  static final class Mailbox {
    /** Sent straight away (true) or pumped from the store (false; also right after login). */
    boolean live;
    /** A store read for the pump is under way. */
    boolean pumping;
    /** The highest message id sent on this session. */
    long cursor;
    /** Messages routed to the store for the pump whose insert has not completed yet. */
    int unsettled;
    final Set<Long> inFlight = new LinkedHashSet<>();
  }
}
