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
     * Called only on the engine's signal thread ({@code callfarm-media-signal}): must not block for long (every
     * device of the engine waits behind it). Delivering synchronously to another {@link DeviceMedia#onSignal} in
     * the same JVM is fine (it only enqueues).
     */
    void send(String toUserId, ObjectNode payload);
}
