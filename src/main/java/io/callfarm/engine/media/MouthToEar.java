package io.callfarm.engine.media;

import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Wav;
import java.nio.file.Path;

/**
 * Compares what a tapped microphone sent with what a receiver recorded, on one time base (both are
 * this JVM's {@link System#nanoTime()}): the analyser's delay is then the true mouth-to-ear delay.
 */
public final class MouthToEar {
  private MouthToEar() {}

  /**
   * @param recording the receiver's WAV of the sender
   * @param recordingStartNanos when the recording's sample 0 was heard
   */
  public static QualityReport analyze(TappedMic mic, Path recording, long recordingStartNanos) {
    PcmAudio heard = Wav.read(recording);
    return analyze(mic, heard, recordingStartNanos);
  }

  /** The same for a recording already in memory (any sample rate). */
  public static QualityReport analyze(TappedMic mic, PcmAudio heard, long recordingStartNanos) {
    int length = (int) ((long) heard.length() * MicSource.SAMPLE_RATE / heard.sampleRate());
    return new AudioAnalyzer().analyze(onTimeline(mic, recordingStartNanos, length), heard);
  }

  /** The microphone's samples placed on a recording that started at {@code startNanos}. */
  static PcmAudio onTimeline(TappedMic mic, long startNanos, int length) {
    if (mic.firstFrameNanos() < 0) {
      throw new IllegalStateException("the microphone never sent audio");
    }
    float[] reference = new float[length];
    long offset = (mic.firstFrameNanos() - startNanos) * MicSource.SAMPLE_RATE / 1_000_000_000L;
    float[] sent = mic.sentSamples();
    for (int i = 0; i < reference.length; i++) {
      long j = i - offset;
      reference[i] = j >= 0 && j < sent.length ? sent[(int) j] : 0f;
    }
    return new PcmAudio(MicSource.SAMPLE_RATE, reference);
  }
}
