package io.callfarm.engine.signal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A media room: who may enter (the call's sponsor, its invitees and, for group calls, the group's
 * members) and who is in it. Guarded by its own monitor; callers synchronize on the room.
 */
final class Room {
  final long app;
  final int roomId;
  final String callId;
  final long createdNanos;
  private final Set<String> admitted = new LinkedHashSet<>();
  private final Set<String> members = new LinkedHashSet<>();
  private boolean everOccupied;

  Room(long app, int roomId, String callId, long createdNanos) {
    this.app = app;
    this.roomId = roomId;
    this.callId = callId;
    this.createdNanos = createdNanos;
  }

  void admit(Iterable<String> users) {
    users.forEach(admitted::add);
  }

  boolean isAdmitted(String user) {
    return admitted.contains(user);
  }

  /** Adds the user and returns who was already inside. */
  List<String> enter(String user) {
    List<String> others = new ArrayList<>(members);
    others.remove(user);
    members.add(user);
    everOccupied = true;
    return others;
  }

  /** Removes the user; returns whether it was inside. */
  boolean leave(String user) {
    return members.remove(user);
  }

  List<String> members() {
    return new ArrayList<>(members);
  }

  boolean isMember(String user) {
    return members.contains(user);
  }

  /** Empty after having been used: the call is over. */
  boolean isFinished() {
    return everOccupied && members.isEmpty();
  }

  boolean isEmpty() {
    return members.isEmpty();
  }
}
