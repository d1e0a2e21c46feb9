package io.callfarm.engine.call;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
  /**
   * Room events of this call's room that arrived before the answer to our own {@code room.enter}
   * was handled (the answer's callback can be queued behind them); replayed after it.
   */
  final List<io.callfarm.engine.signal.Frame> earlyRoomEvents = new ArrayList<>();

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
    earlyRoomEvents.clear();
  }
}
