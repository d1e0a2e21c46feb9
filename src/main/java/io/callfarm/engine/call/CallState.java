package io.callfarm.engine.call;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/** The current call of one component; only touched on its event thread. */
final class CallState {
  boolean active;
  String callId;
  int roomId;
  String groupId;
  String sponsor;
  boolean isSponsor;
  /** A callee that has neither accepted nor rejected yet. */
  boolean awaitingAnswer;
  boolean inRoom;
  final Set<String> inviting = new LinkedHashSet<>();
  final Set<String> roomRemotes = new LinkedHashSet<>();
  final Map<String, ScheduledFuture<?>> timers = new HashMap<>();
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
    inviting.clear();
    roomRemotes.clear();
    timers.clear();
    ownTimer = null;
  }
}
