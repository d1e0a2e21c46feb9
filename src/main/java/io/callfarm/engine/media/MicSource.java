package io.callfarm.engine.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A virtual microphone: produces the audio a device sends, 10 ms at a time, in the one format the send path uses
 * ({@value #SAMPLE_RATE} Hz, mono, 16-bit signed PCM, {@value #FRAME_SAMPLES} samples per frame). Stateful: one
 * instance per {@link DeviceMedia}; {@link #nextFrame} is called only from the engine clock thread, once per 10 ms
 * of real time while the device has at least one outgoing connection (also while muted: the frame is then
 * replaced by zeros, as a real microphone keeps running).
 */
public interface MicSource {

  /** Sample rate of every frame, Hz. */
  int SAMPLE_RATE = 48_000;
  /** Samples per 10 ms frame. */
  int FRAME_SAMPLES = SAMPLE_RATE / 100;

  /** Fills {@code frame} (length {@value #FRAME_SAMPLES}) with the next 10 ms of audio. */
  void nextFrame(short[] frame);

  /** A continuous sine tone of {@code frequencyHz} at {@code levelDbov} (RMS level, e.g. −20). */
  static MicSource tone(double frequencyHz, double levelDbov) {
    return new ToneSource(frequencyHz, levelDbov);
  }

  /**
   * A linear sweep from {@code startHz} to {@code endHz} over {@code sweepSeconds}, at {@code levelDbov},
   * repeated for as long as it is read.
   */
  static MicSource chirp(double startHz, double endHz, double sweepSeconds, double levelDbov) {
    return new ChirpSource(startHz, endHz, sweepSeconds, levelDbov);
  }

  /** Digital silence (all zeros). */
  static MicSource silence() {
    return frame -> java.util.Arrays.fill(frame, (short) 0);
  }

  /**
   * A 16-bit PCM WAV file (any sample rate and channel count; channels are averaged, the rate is converted to
   * 48 kHz by linear interpolation), read fully into memory now; played once then silence, or looped.
   *
   * @throws IOException if the file cannot be read or is not 16-bit PCM WAV (the message says which)
   */
  static MicSource wav(Path file, boolean loop) throws IOException {
    return new WavFileSource(WavFiles.readMono48k(file), loop);
  }
}
