package io.callfarm.engine.store;

import java.util.List;

/**
 * One call as the server saw it: who took part, when, how it ended. Times are epoch milliseconds;
 * {@code durationMillis} runs from the first invitee entering the room to the room emptying (0 when
 * nobody answered).
 */
public record CallRecord(String callId, long sdkAppId, int roomId, String sponsor, String groupId,
    long startedAtMillis, long endedAtMillis, String outcome, long durationMillis,
    List<Participant> participants) {

  /** One invitee or the sponsor; {@code outcome} is sponsor, connected, rejected, busy, no_answer, cancelled or pending. */
  public record Participant(String userId, String outcome, long joinedAtMillis, long leftAtMillis) {}
}
