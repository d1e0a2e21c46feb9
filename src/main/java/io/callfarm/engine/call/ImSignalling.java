package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.signal.Frame;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The IM SDK's signalling as TRTCCalling and TUICallKit use it: {@code signal.invite} (one per invitee, or one
 * for the group's invitees), {@code signal.accept}, {@code signal.reject}, {@code signal.cancel}, each naming an
 * inviteId; the server runs the timeout and tells both sides. The payload (a JSON string) is
 * {@code {version:4, businessID:"av_call", platform, extInfo, data:{room_id, cmd, cmdInfo, message, userIDs},
 * call_type, room_id}}; line busy is a reject whose payload has {@code line_busy} and
 * {@code data.message:"lineBusy"}; leaving a connected 1v1 call is an invitation with timeout 0,
 * {@code cmd:"hangup"} and {@code call_end} (seconds in the call). A payload without {@code businessID} is
 * read as an old TRTCCalling one (legacy fields only), unless the flavour requires it (TUICallKit ignores it).
 * The call's identity is its room: {@code "im:" + room_id}. Invitees of a call without a group hear only the
 * caller, so the caller passes each answer on to the others as a C2C custom message
 * {@code data.cmd:"sync_info"} with {@code callAction} (3 reject, 4 timeout) and {@code user}, as TRTCCalling
 * does.
 */
final class ImSignalling implements CallSignalling {
  static final String BUSINESS_ID = "av_call";
  private static final String SYNC_INFO = "sync_info";

  private final Wire wire;
  private final Flavour flavour;
  private final long timeoutSeconds;

  ImSignalling(Wire wire, Flavour flavour, ClientConfig config) {
    this.wire = wire;
    this.flavour = flavour;
    this.timeoutSeconds = Math.max(1, (config.invitationTimeout().toMillis() + 999) / 1000);
  }

  /** The identity of an IM-signalled call meeting in {@code roomId}. */
  static String callId(int roomId) {
    return "im:" + roomId;
  }

  @Override
  public boolean clientTimers() {
    return false;
  }

  @Override
  public void invite(CallState call, List<String> fresh, List<String> invited) {
    String data = payload(call, "audioCall", invited, null).toString();
    if (call.groupId != null) {
      request(invitation(fresh, data, timeoutSeconds).put("groupId", call.groupId), fresh, call);
    } else {
      fresh.forEach(user -> request(invitation(List.of(user), data, timeoutSeconds), List.of(user), call));
    }
  }

  @Override
  public void cancel(CallState call, List<String> pending, boolean toGroup) {
    String data = payload(call, "audioCall", pending, null).toString();
    for (String inviteId : new LinkedHashSet<>(idsOf(call, pending))) {
      answer("signal.cancel", inviteId, data);
    }
  }

  @Override
  public void reject(CallState call) {
    answer("signal.reject", call.inviteIds.get(wire.me()), payload(call, "audioCall", List.of(), null).toString());
  }

  @Override
  public void accept(CallState call) {
    answer("signal.accept", call.inviteIds.get(wire.me()), payload(call, "audioCall", List.of(), null).toString());
  }

  @Override
  public void timedOut(CallState call, String user) {
    // the server times invitations out and tells both sides
  }

  @Override
  public void relay(CallState call, Signal answer, List<String> to) {
    String invitee;
    CallAction action;
    boolean busy = false;
    if (answer instanceof Signal.Reject reject) {
      invitee = reject.from();
      action = CallAction.REJECT;
      busy = reject.busy();
    } else if (answer instanceof Signal.Timeout timeout && timeout.invitees().size() == 1) {
      invitee = timeout.invitees().get(0);
      action = CallAction.SPONSOR_TIMEOUT;
    } else {
      throw new IllegalArgumentException("only one invitee's reject or timeout is relayed: " + answer);
    }
    ObjectNode data = payload(call, SYNC_INFO, List.copyOf(call.inviting), busy ? "lineBusy" : null);
    data.put("callAction", action.wire()).put("user", invitee);
    for (String user : to) {
      ObjectNode frame = Frame.JSON.createObjectNode().put("op", "c2c").put("to", user);
      frame.set("data", data);
      wire.request(frame).whenComplete((ack, failure) -> {
        if (failure != null) {
          wire.sendFailed("relaying " + action + " of " + invitee, List.of(), CallException.of(failure));
        }
      });
    }
  }

  @Override
  public void busy(Signal.Invite invite) {
    ObjectNode data = basePayload(invite.roomId(), "audioCall", List.of(), "lineBusy");
    data.put("line_busy", "");
    answer("signal.reject", invite.ref(), data.toString());
  }

  @Override
  public void leaving(CallState call) {
    if (call.groupId != null || call.roomRemotes.isEmpty()) {
      return;
    }
    List<String> remotes = List.copyOf(call.roomRemotes);
    ObjectNode data = payload(call, "hangup", remotes, null);
    data.put("call_end", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - call.enteredNanos));
    request(invitation(remotes, data.toString(), 0), List.of(), null);
  }

  @Override
  public Optional<Signal> read(String from, JsonNode data, long ageMillis, long timeoutMillis) {
    if (SYNC_INFO.equals(data.path("data").path("cmd").asText())) {
      return relayed(from, data);
    }
    JsonNode signal = data.path("signal");
    if (!signal.isObject() || !signal.path("inviteId").isTextual() || !signal.path("actionType").isInt()) {
      return Optional.empty();
    }
    JsonNode payload = parse(signal.path("data").asText(""));
    if (flavour.requiresBusinessId() && !BUSINESS_ID.equals(payload.path("businessID").asText())) {
      return Optional.empty();
    }
    if (payload.has("call_type") && payload.path("call_type").asInt() != CallMessage.AUDIO) {
      return Optional.empty();
    }
    int roomId = Math.max(payload.path("room_id").asInt(0), payload.path("data").path("room_id").asInt(0));
    if (roomId <= 0) {
      return Optional.empty();
    }
    String callId = callId(roomId);
    String inviteId = signal.path("inviteId").asText();
    String inviter = signal.path("inviter").asText();
    List<String> invitees = texts(signal.path("invitees"));
    Signal read = switch (signal.path("actionType").asInt()) {
      case 1 -> invite(signal, payload, callId, inviteId, roomId, inviter, invitees, ageMillis);
      case 2 -> new Signal.Cancel(callId, inviter, invitees);
      case 4 -> new Signal.Reject(callId, from, payload.has("line_busy")
          || "lineBusy".equals(payload.path("data").path("message").asText()));
      case 5 -> new Signal.Timeout(callId, invitees);
      default -> new Signal.Other(callId);
    };
    return Optional.of(read);
  }

  /** A caller's {@code sync_info}: the answer it passes on, or empty when the message is not one. */
  private static Optional<Signal> relayed(String from, JsonNode data) {
    int roomId = data.path("data").path("room_id").asInt(0);
    String user = data.path("user").asText("");
    if (!BUSINESS_ID.equals(data.path("businessID").asText()) || roomId <= 0 || user.isEmpty()) {
      return Optional.empty();
    }
    String callId = callId(roomId);
    CallAction action = CallAction.fromWire(data.path("callAction").asInt());
    Signal answer;
    if (action == CallAction.REJECT) {
      answer = new Signal.Reject(callId, user, "lineBusy".equals(data.path("data").path("message").asText()));
    } else if (action == CallAction.SPONSOR_TIMEOUT) {
      answer = new Signal.Timeout(callId, List.of(user));
    } else {
      return Optional.empty();
    }
    return Optional.of(new Signal.Relayed(callId, from, answer));
  }

  private static Signal invite(JsonNode signal, JsonNode payload, String callId, String inviteId, int roomId,
      String inviter, List<String> invitees, long ageMillis) {
    String cmd = payload.path("data").path("cmd").asText(payload.has("call_end") ? "hangup" : "audioCall");
    long remaining = signal.path("timeout").asLong() * 1000 - ageMillis;
    if (!"audioCall".equals(cmd) || remaining <= 0) {
      return new Signal.Other(callId); // a hangup notice, another media type, or an expired invitation
    }
    List<String> everyone = texts(payload.path("data").path("userIDs"));
    String groupId = signal.path("groupId").asText(null);
    return new Signal.Invite(callId, inviteId, roomId, groupId, inviter, everyone.isEmpty() ? invitees : everyone,
        remaining);
  }

  private ObjectNode invitation(List<String> invitees, String data, long timeout) {
    ObjectNode frame = Frame.JSON.createObjectNode().put("op", "signal.invite").put("data", data)
        .put("timeout", timeout);
    invitees.forEach(frame.putArray("invitees")::add);
    if (timeout > 0) {
      frame.putObject("push").put("title", wire.me() + " is calling you").put("sound", "ring.mp3")
          .put("payload", data);
    }
    return frame;
  }

  /**
   * Sends an invitation and records its inviteId for {@code invitees} of {@code call} (if given). When the call
   * ended before the ack came (the caller hung up at once), the invitation is cancelled now: nobody can have
   * answered it yet (the server acks before it delivers), and without the cancel the callee would ring until the
   * server's timeout.
   */
  private void request(ObjectNode frame, List<String> invitees, CallState call) {
    String callId = call == null ? null : call.callId;
    wire.request(frame).whenComplete((ack, failure) -> {
      if (failure != null) {
        wire.sendFailed("inviting " + invitees, invitees, CallException.of(failure));
      } else if (call != null) {
        String inviteId = ack.node().path("inviteId").asText();
        if (callId.equals(call.callId)) {
          invitees.forEach(user -> call.inviteIds.put(user, inviteId));
        } else {
          answer("signal.cancel", inviteId, frame.path("data").asText());
        }
      }
    });
  }

  private void answer(String op, String inviteId, String data) {
    if (inviteId == null) {
      return; // the invitation's ack has not arrived yet: nothing to name
    }
    wire.request(Frame.JSON.createObjectNode().put("op", op).put("inviteId", inviteId).put("data", data))
        .whenComplete((ack, failure) -> {
          if (failure != null) {
            wire.sendFailed(op, List.of(), CallException.of(failure));
          }
        });
  }

  private ObjectNode payload(CallState call, String cmd, List<String> userIds, String message) {
    return basePayload(call.roomId, cmd, userIds, message);
  }

  private ObjectNode basePayload(int roomId, String cmd, List<String> userIds, String message) {
    ObjectNode payload = Frame.JSON.createObjectNode().put("version", CallMessage.VERSION)
        .put("businessID", BUSINESS_ID).put("platform", flavour.platform()).put("extInfo", "");
    ObjectNode data = payload.putObject("data").put("room_id", roomId).put("cmd", cmd).put("cmdInfo", "")
        .put("message", message == null ? "" : message);
    userIds.forEach(data.putArray("userIDs")::add);
    payload.put("call_type", CallMessage.AUDIO).put("room_id", roomId);
    return payload;
  }

  private static List<String> idsOf(CallState call, List<String> users) {
    List<String> ids = new ArrayList<>();
    for (String user : users) {
      String id = call.inviteIds.get(user);
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (n.isTextual()) {
        out.add(n.asText());
      }
    }
    return out;
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = Frame.JSON.readTree(text);
      return node == null || !node.isObject() ? Frame.JSON.createObjectNode() : node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Frame.JSON.createObjectNode();
    }
  }
}
