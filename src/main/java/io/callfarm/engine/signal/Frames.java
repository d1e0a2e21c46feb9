package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builders for the frames the server sends, so every reply has the same shape. */
final class Frames {
  private Frames() {}

  static ObjectNode ack(long requestId) {
    ObjectNode ack = Frame.JSON.createObjectNode().put("op", "ack");
    if (requestId >= 0) {
      ack.put("id", requestId);
    }
    return ack;
  }

  static ObjectNode error(long requestId, String refOp, int code, String message) {
    ObjectNode error = Frame.JSON.createObjectNode().put("op", "error");
    if (requestId >= 0) {
      error.put("id", requestId);
    }
    if (refOp != null) {
      error.put("ref", refOp);
    }
    return error.put("code", code).put("message", message);
  }

  static ObjectNode roomEvent(int roomId, String event, String userId) {
    return Frame.JSON.createObjectNode().put("op", "room.event").put("roomId", roomId)
        .put("event", event).put("userId", userId);
  }
}
