package io.callfarm.engine.call;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/** The current call of one component; only touched on its event thread. */
final class CallState {
  boolean active;
  /** The call's identity: the v4 {@code call_id}, or for IM signalling the room it meets in. */
  String callId;
  int roomId;
  String groupId;
  String sponsor;
  boolean isSponsor;
  /** A callee that has neither accepted nor rejected yet. */
  boolean awaitingAnswer;
  boolean inRoom;
  /** A remote has joined (TUICallEngine's onCallBegin fired). */
  boolean began;
  /** Why the call would end without connecting (TUICallEngine's reason), the last per-invitee outcome. */
  String notConnectedReason;
  /** When the local user entered the room, {@link System#nanoTime()} (TRTCCalling's call_end seconds). */
  long enteredNanos;
  final Set<String> inviting = new LinkedHashSet<>();
  final Set<String> roomRemotes = new LinkedHashSet<>();
  final Map<String, ScheduledFuture<?>> timers = new HashMap<>();
  /** IM signalling: the inviteId of each invitation of this call, by invitee (the callee: its own). */
  final Map<String, String> inviteIds = new HashMap<>();
  ScheduledFuture<?> ownTimer;

  void begin(String newCallId, int newRoomId, String newGroupId, String newSponsor,
      boolean localIsSponsor) {
    clear();
    active = true;
    callId = newCallId;
    roomId = newRoomId;
    groupId = newGroupId;
    sponsor = newSponsor;
    isSponsor = localIsSponsor;
  }

  void clear() {
    active = false;
    callId = null;
    roomId = 0;
    groupId = null;
    sponsor = null;
    isSponsor = false;
    awaitingAnswer = false;
    inRoom = false;
    began = false;
    notConnectedReason = null;
    enteredNanos = 0;
    inviting.clear();
    roomRemotes.clear();
    timers.clear();
    inviteIds.clear();
    ownTimer = null;
  }
}
