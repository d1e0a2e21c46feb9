package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.auth.UserIds;
import io.callfarm.engine.signal.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One legacy v4 call-signalling message, the custom-message payload
 * {@code {version:4, call_type:1, call_id, room_id, group_id?, action, invited_list}}.
 *
 * @param groupId the IM group of the call, or null for C2C
 */
public record CallMessage(int version, int callType, String callId, int roomId, String groupId,
    CallAction action, List<String> invitedList) {
  /** The protocol version this component speaks; others are dropped. */
  public static final int VERSION = 4;
  /** {@code call_type} of an audio call; video calls are dropped. */
  public static final int AUDIO = 1;

  public CallMessage {
    invitedList = List.copyOf(invitedList);
  }

  public static CallMessage of(String callId, int roomId, String groupId, CallAction action,
      List<String> invited) {
    return new CallMessage(VERSION, AUDIO, callId, roomId, groupId, action, invited);
  }

  public ObjectNode toJson() {
    ObjectNode node = Frame.JSON.createObjectNode().put("version", version)
        .put("call_type", callType).put("call_id", callId).put("room_id", roomId)
        .put("action", action.wire());
    if (groupId != null) {
      node.put("group_id", groupId);
    }
    invitedList.forEach(node.putArray("invited_list")::add);
    return node;
  }

  /**
   * Reads a payload; empty when it is not a well-formed v4 message (wrong types, unknown action,
   * invalid user ids). Version and call type are returned as found so the caller decides to drop.
   */
  public static Optional<CallMessage> parse(JsonNode data) {
    if (data == null || !data.isObject() || !data.path("version").isInt()
        || !data.path("call_type").isInt() || !data.path("call_id").isTextual()
        || !data.path("room_id").isIntegralNumber() || !data.path("action").isInt()) {
      return Optional.empty();
    }
    CallAction action = CallAction.fromWire(data.get("action").asInt());
    long roomId = data.get("room_id").asLong();
    if (action == null || roomId <= 0 || roomId > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    JsonNode group = data.get("group_id");
    if (group != null && !group.isNull() && !group.isTextual()) {
      return Optional.empty();
    }
    String groupId = group == null || group.isNull() || group.asText().isEmpty() ? null
        : group.asText();
    List<String> invited = new ArrayList<>();
    for (JsonNode user : data.path("invited_list")) {
      if (!user.isTextual() || !UserIds.isValid(user.asText())) {
        return Optional.empty();
      }
      invited.add(user.asText());
    }
    return Optional.of(new CallMessage(data.get("version").asInt(), data.get("call_type").asInt(),
        data.get("call_id").asText(), (int) roomId, groupId, action, invited));
  }
}
