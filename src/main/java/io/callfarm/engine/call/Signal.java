package io.callfarm.engine.call;

import java.util.List;

/**
 * What a call-signalling message means to the rules, whichever protocol carried it ({@link CallSignalling}).
 * {@code callId} identifies the call (v4: its {@code call_id}; IM signalling: the room it meets in);
 * {@code ref} is what an answer must name (v4: the call id; IM: the inviteId).
 */
sealed interface Signal {
  String callId();

  /** An invitation; {@code remainingMillis} is what is left of its timeout (already checked positive). */
  record Invite(String callId, String ref, int roomId, String groupId, String from, List<String> invitees,
      long remainingMillis) implements Signal {
  }

  /** The caller withdrew the invitation of {@code invitees}. */
  record Cancel(String callId, String from, List<String> invitees) implements Signal {
  }

  /** {@code from} rejected, or was busy. */
  record Reject(String callId, String from, boolean busy) implements Signal {
  }

  /** The invitation of {@code invitees} timed out (v4: the caller's notice; IM: the server's). */
  record Timeout(String callId, List<String> invitees) implements Signal {
  }

  /** The call's caller passed on {@code answer}, an invitee's reject or timeout ({@link CallSignalling#relay}). */
  record Relayed(String callId, String by, Signal answer) implements Signal {
  }

  /** Something the rules do not act on (an IM accept, a TRTCCalling hangup notice, a v4 hangup). */
  record Other(String callId) implements Signal {
  }
}
