package io.callfarm.scenario;

import io.callfarm.engine.media.MediaCallRecord;
import io.callfarm.engine.media.MicSource;
import io.callfarm.engine.media.TappedMic;
import io.callfarm.farm.VirtualDevice;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Wav;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures what one virtual device heard from another in their last call: the sender's tapped
 * microphone is placed on the receiver's recording time base (both clocks are this JVM's
 * {@link System#nanoTime()}), so the analyser's delay is the true mouth-to-ear delay.
 */
final class AudioProbe {
  /** The analysis of one received stream; {@code recording} is the receiver's WAV of it. */
  record Measurement(String device, String from, Path recording, QualityReport report) {}

  private AudioProbe() {}

  static Measurement measure(String receiverAlias, VirtualDevice receiver, String senderAlias,
      VirtualDevice sender, String senderUser) {
    List<MediaCallRecord> calls = receiver.mediaCalls();
    if (calls.isEmpty()) {
      throw new AssertionError(receiverAlias + " has no finished call with audio yet "
          + "(put the audio check after the call ended at " + receiverAlias + ")");
    }
    MediaCallRecord call = calls.get(calls.size() - 1);
    Path recording = call.recordings().get(senderUser);
    if (recording == null) {
      throw new AssertionError(receiverAlias + " recorded nothing from " + senderAlias
          + " in its last call (recorded: " + call.recordings().keySet() + ")");
    }
    List<TappedMic> mics = sender.mics();
    if (mics.isEmpty() || mics.get(mics.size() - 1).firstFrameNanos() < 0) {
      throw new AssertionError(senderAlias + "'s microphone never sent audio");
    }
    TappedMic mic = mics.get(mics.size() - 1);
    PcmAudio heard = Wav.read(recording);
    float[] reference = new float[heard.length()];
    long offset = (mic.firstFrameNanos() - call.recordingEpochNanos()) * MicSource.SAMPLE_RATE
        / 1_000_000_000L;
    float[] sent = mic.sentSamples();
    for (int i = 0; i < reference.length; i++) {
      long j = i - offset;
      reference[i] = j >= 0 && j < sent.length ? sent[(int) j] : 0f;
    }
    QualityReport report = new AudioAnalyzer().analyze(
        new PcmAudio(MicSource.SAMPLE_RATE, reference), heard);
    return new Measurement(receiverAlias, senderAlias, recording, report);
  }
}
