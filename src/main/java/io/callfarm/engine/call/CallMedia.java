package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BiConsumer;

/**
 * Where a call's media attaches to the room: the component tells it who is in the room and relays
 * its negotiation messages through the server. Called on the component's event thread.
 * {@link #NONE} keeps a room membership-only (signalling load runs).
 */
public interface CallMedia {
  CallMedia NONE = new CallMedia() {};

  /**
   * The local user entered a room; {@code sendSignal} relays a payload to a remote in that room
   * (room-scoped {@code media} frames) until {@link #roomLeft()}; {@code events} reaches the
   * component's delegate (on its event thread) from any thread.
   */
  default void roomEntered(int roomId, BiConsumer<String, ObjectNode> sendSignal, Events events) {}

  default void remoteEntered(String userId) {}

  default void remoteLeft(String userId) {}

  /** A negotiation payload from a remote in the room. */
  default void signal(String fromUserId, JsonNode payload) {}

  default void roomLeft() {}

  default void setMicMute(boolean mute) {}

  default void setHandsFree(boolean handsFree) {}

  /** The media callbacks of the delegate; thread-safe, forwarded to the component's event thread. */
  interface Events {
    void audioAvailable(String userId, boolean available);

    void voiceVolume(String userId, int volume);
  }
}
