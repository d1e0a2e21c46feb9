package io.callfarm.engine.media;

import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import java.nio.file.Path;

/**
 * Compares what a tapped microphone sent with what a receiver recorded, on one time base (both are
 * this JVM's {@link System#nanoTime()}): the analyser's delay is then the true mouth-to-ear delay.
 */
public final class MouthToEar {
  private MouthToEar() {}

  /**
   * The microphone's signal as the reference of one recording, and the analysis of the pair.
   *
   * @param reference what the microphone sent, placed on the recording's time base: same sample rate and
   *                  length as the recording (zeros where the microphone was not sending)
   * @param report    the analysis of reference and recording
   */
  public record Result(PcmAudio reference, QualityReport report) {}

  /**
   * @param recording the receiver's WAV of the sender
   * @param recordingStartNanos when the recording's sample 0 was heard
   */
  public static Result analyze(TappedMic mic, Path recording, long recordingStartNanos) {
    return analyze(mic, Wav.read(recording), recordingStartNanos);
  }

  /** The same for a recording already in memory (any sample rate). */
  public static Result analyze(TappedMic mic, PcmAudio heard, long recordingStartNanos) {
    PcmAudio reference = onTimeline(mic, recordingStartNanos, heard.sampleRate(), heard.length());
    return new Result(reference, new AudioAnalyzer().analyze(reference, heard));
  }

  /**
   * The microphone's samples placed on a recording that started at {@code startNanos}: the microphone's first
   * sample lies where its first frame was taken, counted at the pace it really sent (see
   * {@link TappedMic#samplesPerSecond()}), then converted to the recording's rate and cut to its length.
   */
  static PcmAudio onTimeline(TappedMic mic, long startNanos, int sampleRate, int length) {
    if (mic.firstFrameNanos() < 0) {
      throw new IllegalStateException("the microphone never sent audio");
    }
    int length48 = (int) Math.ceil((double) length * MicSource.SAMPLE_RATE / sampleRate);
    float[] reference = new float[length48];
    long offset = Math.round((mic.firstFrameNanos() - startNanos) * mic.samplesPerSecond() / 1e9);
    float[] sent = mic.sentSamples();
    for (int i = 0; i < reference.length; i++) {
      long j = i - offset;
      reference[i] = j >= 0 && j < sent.length ? sent[(int) j] : 0f;
    }
    PcmAudio placed = Resampler.resample(new PcmAudio(MicSource.SAMPLE_RATE, reference), sampleRate);
    return placed.length() == length ? placed
        : new PcmAudio(sampleRate, java.util.Arrays.copyOf(placed.samples(), length));
  }
}
