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
    if (mic.firstFrameNanos() < 0) {
      throw new IllegalStateException("the microphone never sent audio");
    }
    return analyze(new PcmAudio(MicSource.SAMPLE_RATE, mic.sentSamples()), mic.firstFrameNanos(),
        mic.samplesPerSecond(), heard, recordingStartNanos);
  }

  /**
   * The same for a microphone known by what it sent: {@code sent} (e.g. a tap's WAV file read back), whose first
   * sample went out at {@code firstSampleNanos} ({@link System#nanoTime()}) and the rest at {@code samplesPerSecond}
   * of that clock (see {@link TappedMic#samplesPerSecond()}).
   */
  public static Result analyze(PcmAudio sent, long firstSampleNanos, double samplesPerSecond, PcmAudio heard,
      long recordingStartNanos) {
    PcmAudio reference = onTimeline(sent, firstSampleNanos, samplesPerSecond, recordingStartNanos,
        heard.sampleRate(), heard.length());
    return new Result(reference, new AudioAnalyzer().analyze(reference, heard));
  }

  /**
   * The microphone's samples placed on a recording that started at {@code startNanos}: the microphone's first
   * sample lies where its first frame was taken, counted at the pace it really sent (see
   * {@link TappedMic#samplesPerSecond()}), then converted to the recording's rate and cut to its length.
   */
  private static PcmAudio onTimeline(PcmAudio sent, long firstSampleNanos, double samplesPerSecond,
      long startNanos, int sampleRate, int length) {
    int sentRate = sent.sampleRate();
    int lengthAtSentRate = (int) Math.ceil((double) length * sentRate / sampleRate);
    float[] reference = new float[lengthAtSentRate];
    long offset = Math.round((firstSampleNanos - startNanos) * samplesPerSecond / 1e9);
    float[] samples = sent.samples();
    for (int i = 0; i < reference.length; i++) {
      long j = i - offset;
      reference[i] = j >= 0 && j < samples.length ? samples[(int) j] : 0f;
    }
    PcmAudio placed = Resampler.resample(new PcmAudio(sentRate, reference), sampleRate);
    return placed.length() == length ? placed
        : new PcmAudio(sampleRate, java.util.Arrays.copyOf(placed.samples(), length));
  }
}
