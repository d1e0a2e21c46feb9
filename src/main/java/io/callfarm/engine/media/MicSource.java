package io.callfarm.engine.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A virtual microphone: produces the audio a device sends, 10 ms at a time, in the one format the send path uses
 * ({@value #SAMPLE_RATE} Hz, mono, 16-bit signed PCM, {@value #FRAME_SAMPLES} samples per frame). Stateful: one
 * instance per {@link DeviceMedia}; {@link #nextFrame} is called only from the engine clock thread, once per 10 ms
 * of the playout clock (see {@link PlayoutClock}) while the device has at least one outgoing connection (also while
 * muted: the frame is then replaced by zeros, as a real microphone keeps running). Closed by its
 * {@link DeviceMedia} when the call's media ends.
 */
public interface MicSource extends AutoCloseable {

  /** Sample rate of every frame, Hz. */
  int SAMPLE_RATE = 48_000;
  /** Samples per 10 ms frame. */
  int FRAME_SAMPLES = SAMPLE_RATE / 100;

  /** Fills {@code frame} (length {@value #FRAME_SAMPLES}) with the next 10 ms of audio. */
  void nextFrame(short[] frame);

  /**
   * The same, told the instant the microphone clock had this frame due ({@link System#nanoTime()}; on a busy
   * machine the frame is taken a little later). By default {@link #nextFrame(short[])}.
   */
  default void nextFrame(short[] frame, long dueNanos) {
    nextFrame(frame);
  }

  /** Releases what the source holds (files); nothing by default. Never throws. */
  @Override
  default void close() {
  }

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
   * A WAV file (any PCM or float format, sample rate and channel count: channels are averaged, the rate is
   * converted to 48 kHz by band-limited (windowed-sinc) resampling), read fully into memory now; played once then
   * silence, or looped.
   *
   * @throws IOException if the file cannot be read or decoded (the message says why)
   */
  static MicSource wav(Path file, boolean loop) throws IOException {
    return new WavFileSource(WavFiles.readMono48k(file), loop);
  }

  /** A signal already in memory (any sample rate, converted like {@link #wav}), played once or looped. */
  static MicSource of(io.callfarm.quality.PcmAudio audio, boolean loop) {
    return new WavFileSource(WavFiles.toMono48k(audio), loop);
  }
}
