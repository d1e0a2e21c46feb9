package io.callfarm.engine.media;

/** Which of the two one-way connections between a device and a remote user a candidate or stat belongs to. */
public enum LinkDirection {
    /** The local device's send-only connection: carries the local microphone to the remote. */
    OUTGOING,
    /** The local device's receive-only connection: carries the remote's microphone to the local speaker. */
    INCOMING
}
