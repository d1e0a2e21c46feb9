package io.callfarm.engine.media;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The way out for media signalling (SDP offers/answers, ICE candidates, mute flags): the engine's signalling client
 * implements it by relaying the payload through the server to {@code toUserId}, whose client hands it to
 * {@link DeviceMedia#onSignal(String, com.fasterxml.jackson.databind.JsonNode)}. Payloads are small JSON objects
 * whose shapes are documented on {@link DeviceMedia}.
 */
@FunctionalInterface
public interface MediaSignaller {

    /**
     * Delivers {@code payload} to {@code toUserId}, preserving the order of payloads sent to the same user.
     * Called from WebRTC's native signalling threads and the engine's signal thread: must not block for long and
     * must not call back into {@link DeviceMedia} synchronously on a native thread other than through
     * {@link DeviceMedia#onSignal} (which only enqueues).
     */
    void send(String toUserId, ObjectNode payload);
}
