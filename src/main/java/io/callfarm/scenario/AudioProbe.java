package io.callfarm.scenario;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.engine.media.MediaCallRecord;
import io.callfarm.engine.media.MicSource;
import io.callfarm.engine.media.TappedMic;
import io.callfarm.farm.VirtualDevice;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.Codec;
import io.callfarm.quality.EModel;
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
  /**
   * The analysis of one received stream; {@code recording} is the receiver's WAV of it,
   * {@code stats} the receiver's last webrtc-stats of it (null when none were sampled) and
   * {@code eModelMos} the G.107 estimate from those stats.
   */
  record Measurement(String device, String from, Path recording, QualityReport report,
      @JsonIgnore LinkStats stats, Double eModelMos) {
    /** Packet loss of the stream, percent, or null without stats. */
    @JsonProperty
    Double lossPercent() {
      return stats == null ? null : AudioProbe.lossPercent(stats);
    }

    /** Interarrival jitter, ms, or null without stats. */
    @JsonProperty
    Double jitterMs() {
      return stats == null ? null : stats.jitterSeconds() * 1000;
    }

    /** Concealed share of the played samples (0..1), or null without stats. */
    @JsonProperty
    Double concealedShare() {
      return stats == null ? null : stats.concealedShare();
    }
  }

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
    LinkStats stats = call.lastStats(senderUser);
    Double eModel = null;
    if (stats != null) {
      double rttMs = stats.roundTripTimeSeconds().orElse(0) * 1000;
      eModel = EModel.forNetwork(lossPercent(stats), 1.0, stats.jitterSeconds() * 1000, rttMs,
          Codec.OPUS).mos();
    }
    return new Measurement(receiverAlias, senderAlias, recording, report, stats, eModel);
  }

  static double lossPercent(LinkStats stats) {
    long total = stats.packetsLost() + stats.packetsReceived();
    return total == 0 ? 0 : 100.0 * Math.max(0, stats.packetsLost()) / total;
  }
}
