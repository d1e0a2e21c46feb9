package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The media rooms of all apps: admission from the dialing messages that pass through the server,
 * membership, and the enter/leave events that become {@code onUserEnter}/{@code onUserLeave} at the
 * clients. A room closes when its last member leaves, or when nobody entered it within the retention
 * time. Thread-safe: each room is guarded by its own monitor.
 */
final class Rooms {
  private final Map<String, Room> rooms = new ConcurrentHashMap<>();
  private final CallLedger ledger;
  private final BiConsumer<UserKey, ObjectNode> notify;
  private volatile Interleaving interleaving = Interleaving.NONE;

  Rooms(CallLedger ledger, BiConsumer<UserKey, ObjectNode> notify) {
    this.ledger = ledger;
    this.notify = notify;
  }

  void interleaving(Interleaving points) {
    this.interleaving = points;
  }

  /**
   * A dialing message passed through: the sender's call admits the invitees and the group's members.
   * A room already owned by another call is left unchanged unless the sender is admitted to it.
   */
  void dialing(long app, String sender, int roomId, String callId, String groupId,
      List<String> invited, Set<String> groupMembers, long nowMillis, long nowNanos) {
    String k = key(app, roomId);
    while (true) {
      Room room = rooms.computeIfAbsent(k, key -> {
        Room created = new Room(app, roomId, callId, nowNanos);
        created.admit(List.of(sender));
        return created;
      });
      synchronized (room) {
        if (rooms.get(k) != room) {
          continue; // closed meanwhile: a new dialing opens a new room
        }
        if (!room.isAdmitted(sender)) {
          return;
        }
        room.admit(invited);
        room.admit(groupMembers);
      }
      ledger.dialing(app, roomId, callId, sender, groupId, invited, nowMillis);
      return;
    }
  }

  /**
   * Enters the user into the room. {@code reply} gets who was already inside and runs under the
   * room's monitor before the others are told, so the newcomer's answer is queued before any later
   * event of that room reaches anyone.
   */
  void enter(UserKey user, int roomId, long nowMillis, Consumer<List<String>> reply)
      throws ProtocolException {
    String k = key(user.sdkAppId(), roomId);
    Room room = rooms.get(k);
    interleaving.at("room.enter.found");
    if (room == null) {
      throw new ProtocolException(ErrorCode.NO_PERMISSION,
          "room " + roomId + " has no call: it was never dialed or has ended");
    }
    synchronized (room) {
      // the room may have closed between the lookup and the lock: never enter a closed room
      if (rooms.get(k) != room) {
        throw new ProtocolException(ErrorCode.NO_PERMISSION,
            "room " + roomId + " has no call: it has just ended");
      }
      if (!room.isAdmitted(user.userId())) {
        throw new ProtocolException(ErrorCode.NO_PERMISSION,
            "'" + user.userId() + "' was not invited to room " + roomId);
      }
      if (room.isMember(user.userId())) {
        reply.accept(room.members().stream().filter(u -> !u.equals(user.userId())).toList());
        return;
      }
      List<String> others = room.enter(user.userId());
      reply.accept(others);
      ObjectNode event = Frames.roomEvent(roomId, "enter", user.userId());
      others.forEach(other -> notify.accept(new UserKey(user.sdkAppId(), other), event));
    }
    ledger.entered(user.sdkAppId(), roomId, user.userId(), nowMillis);
  }

  /** Removes the user from the room; a no-op when it is not inside. */
  void leave(UserKey user, int roomId, long nowMillis) {
    String k = key(user.sdkAppId(), roomId);
    Room room = rooms.get(k);
    if (room == null) {
      return;
    }
    List<String> others;
    boolean finished;
    synchronized (room) {
      if (!room.leave(user.userId())) {
        return;
      }
      others = room.members();
      finished = room.isFinished();
      if (finished) {
        rooms.remove(k, room);
      }
      ObjectNode event = Frames.roomEvent(roomId, "leave", user.userId());
      others.forEach(other -> notify.accept(new UserKey(user.sdkAppId(), other), event));
    }
    ledger.left(user.sdkAppId(), roomId, user.userId(), nowMillis);
    if (finished) {
      ledger.closed(user.sdkAppId(), roomId, nowMillis);
    }
  }

  boolean bothInside(long app, int roomId, String a, String b) {
    Room room = rooms.get(key(app, roomId));
    if (room == null) {
      return false;
    }
    synchronized (room) {
      return room.isMember(a) && room.isMember(b);
    }
  }

  /** Closes rooms nobody entered within {@code retentionNanos} of their first dialing. */
  void purgeUnused(long nowNanos, long retentionNanos, long nowMillis) {
    rooms.forEach((k, room) -> {
      boolean expired;
      synchronized (room) {
        expired = room.isEmpty() && nowNanos - room.createdNanos > retentionNanos;
        if (expired) {
          rooms.remove(k, room);
        }
      }
      if (expired) {
        ledger.closed(room.app, room.roomId, nowMillis);
      }
    });
  }

  /** Feeds a non-dialing v4 action (cancel, reject, timeout, busy) to the call record. */
  void ledgerAction(long app, int roomId, String callId, int action, String sender,
      List<String> invited) {
    ledger.action(app, roomId, callId, action, sender, invited);
  }

  int size() {
    return rooms.size();
  }

  /** Who is in the room now (empty when it is closed). */
  List<String> members(long app, int roomId) {
    Room room = rooms.get(key(app, roomId));
    if (room == null) {
      return List.of();
    }
    synchronized (room) {
      return room.members();
    }
  }

  /** Whether {@code user} took part in the room's call: sponsor, invitee or group member. */
  boolean isParticipant(long app, int roomId, String user) {
    Room room = rooms.get(key(app, roomId));
    if (room == null) {
      return false;
    }
    synchronized (room) {
      return room.isAdmitted(user);
    }
  }

  private static String key(long app, int roomId) {
    return app + "/" + roomId;
  }
}
