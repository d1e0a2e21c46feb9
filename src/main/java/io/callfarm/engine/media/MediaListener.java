package io.callfarm.engine.media;

/**
 * What a device learns from the audio it receives. All callbacks of one {@link MediaEngine} arrive on its single
 * signal thread ({@code callfarm-media-signal}), in order; implementations must return quickly and may call
 * {@link DeviceMedia} methods (they only enqueue work).
 */
public interface MediaListener {

    /**
     * A remote's audio became available (its incoming connection is ICE-connected and it is not muted) or stopped
     * being available (it muted, or the connection closed). Fired on changes only.
     */
    default void onUserAudioAvailable(String userId, boolean available) {
    }

    /**
     * Every 300 ms per connected remote: the level of the audio received from it over the last 300 ms, before the
     * hands-free/earpiece gain: {@code volume = clamp(round((dBov + 60) * 100 / 60), 0, 100)} where
     * {@code dBov = 20·log10(RMS / 32768)}; so −60 dBov or less is 0, 0 dBov is 100, a −20 dBov tone is 67.
     */
    default void onUserVoiceVolume(String userId, int volume) {
    }

    /**
     * The first decoded frame from {@code userId} whose RMS exceeds −60 dBov, once per incoming connection
     * (for audio-start latency). Dispatched to the signal thread right at decoding; the dispatch adds well under
     * a millisecond unless a listener blocks that thread.
     */
    default void onFirstAudio(String userId) {
    }
}
