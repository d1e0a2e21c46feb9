package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.signal.Frame;
import java.util.List;
import java.util.Optional;

/**
 * The legacy v4 signalling: {@link CallMessage}s sent as IM custom messages, one C2C message per invitee or
 * one broadcast to the call's IM group; dialings carry a push record for offline users. Receivers drop
 * messages with another version or call type and those older than the invitation timeout.
 */
final class V4Signalling implements CallSignalling {
  private final Wire wire;

  V4Signalling(Wire wire) {
    this.wire = wire;
  }

  @Override
  public boolean clientTimers() {
    return true;
  }

  @Override
  public void invite(CallState call, List<String> fresh, List<String> invited) {
    if (call.groupId != null) {
      sendGroup(call, CallAction.DIALING, fresh);
    } else {
      fresh.forEach(user -> sendC2c(call, user, CallAction.DIALING, invited));
    }
  }

  @Override
  public void cancel(CallState call, List<String> pending, boolean toGroup) {
    if (toGroup) {
      sendGroup(call, CallAction.SPONSOR_CANCEL, pending);
    } else {
      pending.forEach(user -> sendC2c(call, user, CallAction.SPONSOR_CANCEL, List.of(user)));
    }
  }

  @Override
  public void reject(CallState call) {
    if (call.groupId != null) {
      sendGroup(call, CallAction.REJECT, List.of(wire.me()));
    } else {
      sendC2c(call, call.sponsor, CallAction.REJECT, List.of(wire.me()));
    }
  }

  @Override
  public void accept(CallState call) {
    // v4 has no accept message: entering the media room is the answer
  }

  @Override
  public void timedOut(CallState call, String user) {
    sendC2c(call, user, CallAction.SPONSOR_TIMEOUT, List.of(user));
  }

  @Override
  public void relay(CallState call, Signal answer, List<String> to) {
    // v4 callees time the other invitees out themselves
  }

  @Override
  public void busy(Signal.Invite invite) {
    CallMessage busy = CallMessage.of(invite.callId(), invite.roomId(), invite.groupId(), CallAction.LINE_BUSY,
        List.of(wire.me()));
    if (invite.groupId() != null) {
      send(Frame.JSON.createObjectNode().put("op", "group.send").put("groupId", invite.groupId()), busy);
    } else {
      send(Frame.JSON.createObjectNode().put("op", "c2c").put("to", invite.from()), busy);
    }
  }

  @Override
  public void leaving(CallState call) {
    // receivers ignore v4 hangup (action 5): the room tells them who left
  }

  @Override
  public Optional<Signal> read(String from, JsonNode data, long ageMillis, long timeoutMillis) {
    Optional<CallMessage> parsed = CallMessage.parse(data);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    CallMessage m = parsed.get();
    long remaining = timeoutMillis - ageMillis;
    if (m.version() != CallMessage.VERSION || m.callType() != CallMessage.AUDIO || remaining <= 0) {
      return Optional.empty();
    }
    String id = m.callId();
    Signal signal = switch (m.action()) {
      case DIALING -> new Signal.Invite(id, id, m.roomId(), m.groupId(), from, m.invitedList(), remaining);
      case SPONSOR_CANCEL -> new Signal.Cancel(id, from, m.invitedList());
      case REJECT -> new Signal.Reject(id, from, false);
      case LINE_BUSY -> new Signal.Reject(id, from, true);
      case SPONSOR_TIMEOUT -> new Signal.Timeout(id, m.invitedList());
      case HANGUP, ERROR -> new Signal.Other(id);
    };
    return Optional.of(signal);
  }

  private void sendC2c(CallState call, String to, CallAction action, List<String> invited) {
    send(Frame.JSON.createObjectNode().put("op", "c2c").put("to", to),
        CallMessage.of(call.callId, call.roomId, null, action, invited));
  }

  private void sendGroup(CallState call, CallAction action, List<String> invited) {
    send(Frame.JSON.createObjectNode().put("op", "group.send").put("groupId", call.groupId),
        CallMessage.of(call.callId, call.roomId, call.groupId, action, invited));
  }

  private void send(ObjectNode envelope, CallMessage message) {
    envelope.set("data", message.toJson());
    if (message.action() == CallAction.DIALING) {
      envelope.putObject("push").put("title", wire.me() + " is calling you").put("sound", "ring.mp3")
          .put("payload", message.toJson().toString());
    }
    wire.request(envelope).whenComplete((ack, failure) -> {
      if (failure != null) {
        wire.sendFailed("sending " + message.action(),
            message.action() == CallAction.DIALING ? message.invitedList() : List.of(), CallException.of(failure));
      }
    });
  }
}
