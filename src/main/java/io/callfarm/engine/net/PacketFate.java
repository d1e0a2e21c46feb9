package io.callfarm.engine.net;

/**
 * The random decisions the emulator takes for one datagram, before the rate limiter (whose drops depend on
 * arrival times, not on chance).
 *
 * @param index 0-based position of the datagram in its direction since the relay opened
 * @param lost dropped by random or Gilbert-Elliott loss; nothing else applies then
 * @param reordered sent at once, skipping delay and jitter
 * @param duplicated sent twice
 * @param corruptBit index of the bit to flip (0 = most significant bit of the first byte), or -1 for none
 * @param delayNanos delay plus jitter to add, in nanoseconds, {@code >= 0}; 0 when reordered or lost
 */
public record PacketFate(
    long index, boolean lost, boolean reordered, boolean duplicated, long corruptBit, long delayNanos) {}
