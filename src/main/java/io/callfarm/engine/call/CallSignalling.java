package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.signal.Frame;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How a flavour puts the call rules' decisions on the wire and reads what others sent: the v4 custom messages
 * ({@link V4Signalling}) or the IM SDK's signalling ({@link ImSignalling}). The rules ({@link AudioCallClient})
 * are the same for both; this strategy is the whole difference between the generations. Event thread only.
 */
interface CallSignalling {

  /** The component's side of the wire, for the strategies. */
  interface Wire {
    String me();

    /** Sends a request; the future completes on the event thread. */
    CompletableFuture<Frame> request(ObjectNode frame);

    /** Reports a failed send of {@code what} as onError and, for invitations, drops those invitees. */
    void sendFailed(String what, List<String> invitees, CallException failure);
  }

  /** Whether invitation timeouts run in the clients (v4) rather than on the server (IM signalling). */
  boolean clientTimers();

  /** Invites {@code fresh} into {@code call}; {@code invited} is everyone the call invites now. */
  void invite(CallState call, List<String> fresh, List<String> invited);

  /** Withdraws the invitation of {@code pending}; {@code toGroup}: tell the whole group (v4 group calls). */
  void cancel(CallState call, List<String> pending, boolean toGroup);

  /** The local callee rejects. */
  void reject(CallState call);

  /** The local callee accepts (before it enters the room). */
  void accept(CallState call);

  /** The caller of a 1v1 call tells {@code user} it timed out (v4 only; the IM server does it itself). */
  void timedOut(CallState call, String user);

  /**
   * The caller of a call without an IM group passes an invitee's answer ({@code reject}: rejected or busy;
   * otherwise timed out) on to the call's other parties {@code to}, who are not told by anyone else
   * (TRTCCalling's C2C {@code sync_info}). v4 callees run their own timers and need nothing.
   */
  void relay(CallState call, Signal answer, List<String> to);

  /** Answers an invitation that reached a user already in another call. */
  void busy(Signal.Invite invite);

  /** The local user leaves a connected call (TRTCCalling tells the other side with a hangup invitation). */
  void leaving(CallState call);

  /** What an incoming {@code msg} means, or empty when it is none of this protocol's signalling. */
  Optional<Signal> read(String from, JsonNode data, long ageMillis, long timeoutMillis);
}
