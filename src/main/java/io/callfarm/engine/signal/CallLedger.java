package io.callfarm.engine.signal;

import io.callfarm.engine.store.CallRecord;
import io.callfarm.engine.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link CallRecord} for each call from what passes through the server (the v4 signalling
 * actions and room membership) and stores it when the call's room closes. One ledger entry per room;
 * every method synchronizes on the ledger, which is cheap next to the database write it feeds.
 */
final class CallLedger {
  private static final String PENDING = "pending";

  private final Store store;
  private final Map<String, Track> tracks = new LinkedHashMap<>();

  CallLedger(Store store) {
    this.store = store;
  }

  private static final class Track {
    final String callId;
    final long app;
    final int roomId;
    final String sponsor;
    final String groupId;
    final long startedMillis;
    final Map<String, String> outcomes = new LinkedHashMap<>();
    final Map<String, long[]> presence = new LinkedHashMap<>();

    Track(String callId, long app, int roomId, String sponsor, String groupId, long startedMillis) {
      this.callId = callId;
      this.app = app;
      this.roomId = roomId;
      this.sponsor = sponsor;
      this.groupId = groupId;
      this.startedMillis = startedMillis;
      outcomes.put(sponsor, "sponsor");
    }
  }

  synchronized void dialing(long app, int roomId, String callId, String sender, String groupId,
      List<String> invited, long nowMillis) {
    Track track = tracks.computeIfAbsent(key(app, roomId),
        k -> new Track(callId, app, roomId, sender, groupId, nowMillis));
    if (track.callId.equals(callId)) {
      invited.forEach(user -> track.outcomes.putIfAbsent(user, PENDING));
    }
  }

  /**
   * Records a v4 action other than dialing: cancel, reject, timeout, line busy. Only the call's own
   * participants change its record: a cancel comes from the sponsor or a connected participant, a
   * timeout from the sponsor, a reject or busy only for the sender itself; anything else is ignored.
   */
  synchronized void action(long app, int roomId, String callId, int action, String sender,
      List<String> invited) {
    Track track = tracks.get(key(app, roomId));
    if (track == null || !track.callId.equals(callId)) {
      return;
    }
    boolean sponsor = sender.equals(track.sponsor);
    switch (action) {
      case 2 -> {
        if (sponsor || "connected".equals(track.outcomes.get(sender))) {
          track.outcomes.replaceAll((u, o) -> PENDING.equals(o) ? "cancelled" : o);
        }
      }
      case 3 -> track.outcomes.replace(sender, PENDING, "rejected");
      case 4 -> {
        if (sponsor) {
          invited.forEach(u -> track.outcomes.replace(u, PENDING, "no_answer"));
        }
      }
      case 6 -> track.outcomes.replace(sender, PENDING, "busy");
      default -> { }
    }
  }

  synchronized void entered(long app, int roomId, String user, long nowMillis) {
    Track track = tracks.get(key(app, roomId));
    if (track == null) {
      return;
    }
    if (!user.equals(track.sponsor)) {
      track.outcomes.put(user, "connected");
    }
    track.presence.computeIfAbsent(user, u -> new long[] {nowMillis, 0L});
  }

  synchronized void left(long app, int roomId, String user, long nowMillis) {
    Track track = tracks.get(key(app, roomId));
    if (track != null && track.presence.containsKey(user)) {
      track.presence.get(user)[1] = nowMillis;
    }
  }

  /** The room closed: the call is over; its record goes to the database. */
  void closed(long app, int roomId, long nowMillis) {
    CallRecord record;
    synchronized (this) {
      Track track = tracks.remove(key(app, roomId));
      if (track == null) {
        return;
      }
      record = toRecord(track, nowMillis);
    }
    store.saveCall(record);
  }

  private static CallRecord toRecord(Track track, long endedMillis) {
    List<CallRecord.Participant> participants = new ArrayList<>();
    long firstAnswer = Long.MAX_VALUE;
    for (Map.Entry<String, String> e : track.outcomes.entrySet()) {
      String outcome = PENDING.equals(e.getValue()) ? "no_answer" : e.getValue();
      long[] inOut = track.presence.getOrDefault(e.getKey(), new long[] {0L, 0L});
      long left = inOut[0] > 0 && inOut[1] == 0 ? endedMillis : inOut[1];
      participants.add(new CallRecord.Participant(e.getKey(), outcome, inOut[0], left));
      if ("connected".equals(outcome)) {
        firstAnswer = Math.min(firstAnswer, inOut[0]);
      }
    }
    long duration = firstAnswer == Long.MAX_VALUE ? 0 : endedMillis - firstAnswer;
    return new CallRecord(track.callId, track.app, track.roomId, track.sponsor, track.groupId,
        track.startedMillis, endedMillis, overall(participants), duration, participants);
  }

  private static String overall(List<CallRecord.Participant> participants) {
    for (String outcome : List.of("connected", "rejected", "busy", "cancelled")) {
      if (participants.stream().anyMatch(p -> p.outcome().equals(outcome))) {
        return "connected".equals(outcome) ? "completed" : outcome;
      }
    }
    return "no_answer";
  }

  private static String key(long app, int roomId) {
    return app + "/" + roomId;
  }
}
