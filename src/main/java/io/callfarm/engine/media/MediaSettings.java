package io.callfarm.engine.media;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MediaEngine} runs its devices' audio; immutable, start from {@link #defaults()}.
 *
 * @param micWarmUp    how long each device's microphone sends silence at least after its first outgoing connection
 *                     is up, before it starts its source; then it also waits (up to
 *                     {@value DeviceMedia#MAX_SETTLE_WAIT_MS} ms more) until the jitter buffer of every receiver
 *                     in this engine has settled ({@link PlayoutSettling}: NetEq's start-up stretching and the
 *                     compression back take 0.9-3.9 s here), so speech is not time-stretched by the start-up
 * @param pacing       what paces the microphones
 * @param receiveSides how many shared receive stacks (one playout thread each) incoming connections are spread
 *                     over, 1..{@value #MAX_RECEIVE_SIDES}
 * @param opus         the Opus parameters every device asks its senders for
 * @param warmUpNoise  whether a microphone sends quiet room noise during its warm-up ({@link RoomNoise}) instead of
 *                     digital silence: for load runs, whose accept-to-first-audio latency is measured on the first
 *                     frame the callee hears
 */
public record MediaSettings(Duration micWarmUp, MediaEngine.MicPacing pacing, int receiveSides, OpusSettings opus,
    boolean warmUpNoise) {

  static final int MAX_RECEIVE_SIDES = 16;
  /**
   * The warm-up that lets speech wait for settled jitter buffers (the farm's devices and load runs' audio users):
   * at least this long, then until the receivers here settled, {@value DeviceMedia#MAX_SETTLE_WAIT_MS} ms more at
   * most.
   */
  public static final Duration SPEECH_WARM_UP = Duration.ofSeconds(1);

  /** @throws IllegalArgumentException naming the bad field */
  public MediaSettings {
    Objects.requireNonNull(micWarmUp, "micWarmUp");
    Objects.requireNonNull(pacing, "pacing");
    Objects.requireNonNull(opus, "opus");
    if (micWarmUp.isNegative()) {
      throw new IllegalArgumentException("microphone warm-up must not be negative, got " + micWarmUp);
    }
    if (receiveSides < 1 || receiveSides > MAX_RECEIVE_SIDES) {
      throw new IllegalArgumentException("receive sides must be 1.." + MAX_RECEIVE_SIDES + ", got " + receiveSides);
    }
  }

  /**
   * No warm-up (silent), paced by the playout clock, one receive side per core, libwebrtc's Opus defaults.
   */
  public static MediaSettings defaults() {
    return new MediaSettings(Duration.ZERO, MediaEngine.MicPacing.PLAYOUT,
        Math.min(MAX_RECEIVE_SIDES, Runtime.getRuntime().availableProcessors()), OpusSettings.DEFAULTS, false);
  }

  public MediaSettings withMicWarmUp(Duration warmUp) {
    return new MediaSettings(warmUp, pacing, receiveSides, opus, warmUpNoise);
  }

  public MediaSettings withPacing(MediaEngine.MicPacing p) {
    return new MediaSettings(micWarmUp, p, receiveSides, opus, warmUpNoise);
  }

  public MediaSettings withReceiveSides(int n) {
    return new MediaSettings(micWarmUp, pacing, n, opus, warmUpNoise);
  }

  public MediaSettings withOpus(OpusSettings o) {
    return new MediaSettings(micWarmUp, pacing, receiveSides, o, warmUpNoise);
  }

  public MediaSettings withWarmUpNoise(boolean noise) {
    return new MediaSettings(micWarmUp, pacing, receiveSides, opus, noise);
  }
}
