package io.callfarm.scenario;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.engine.media.MediaCallRecord;
import io.callfarm.engine.media.MouthToEar;
import io.callfarm.engine.media.TappedMic;
import io.callfarm.farm.Device;
import io.callfarm.farm.VirtualDevice;
import io.callfarm.quality.AnalysisException;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.Codec;
import io.callfarm.quality.EModel;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import io.callfarm.report.AudioEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures what one virtual device heard from another in their last call: the sender's tapped
 * microphone is placed on the receiver's recording time base (both clocks are this JVM's
 * {@link System#nanoTime()}), so the analyser's delay is the true mouth-to-ear delay. Every measurement
 * leaves its evidence beside the recording ({@link AudioEvidence}: the placed reference and the analysis).
 */
final class AudioProbe {
  /**
   * The analysis of one received stream; {@code recording} is the receiver's WAV of it,
   * {@code stats} the receiver's last webrtc-stats of it (null when none were sampled) and
   * {@code eModelMos} the G.107 estimate from those stats.
   */
  record Measurement(String device, String from, Path recording, Path reference, Path analysis,
      QualityReport report, @JsonIgnore LinkStats stats, Double eModelMos, boolean mouthToEarKnown) {
    /** The mouth-to-ear delay, ms, or null when the sender's timing is not observable. */
    @JsonProperty
    Double mouthToEarMs() {
      return mouthToEarKnown ? report.delayMs() : null;
    }

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
    MouthToEar.Result result = MouthToEar.analyze(tap(senderAlias, sender), recording,
        call.recordingEpochNanos());
    LinkStats stats = call.lastStats(senderUser);
    AudioEvidence.Saved saved = AudioEvidence.save(recording, result.reference(), result.report());
    return new Measurement(receiverAlias, senderAlias, recording, saved.reference(), saved.analysis(),
        result.report(), stats, eModel(stats), true);
  }

  /**
   * What a web client (in a browser, or under Appium's Chromium driver) heard from a virtual device:
   * the page's recording ends when the sender left (the
   * browser's {@code onUserLeave}/{@code onCallEnd} time, page clock mapped to this JVM), which puts
   * it on the sender's time base to within the page clock's accuracy (a few ms).
   */
  static Measurement measureInPage(String receiverAlias, Device receiver, byte[] wav,
      String senderAlias, VirtualDevice sender, String senderUser, Path saveAs) throws IOException {
    PcmAudio heard = saved(wav, saveAs);
    long endNanos = receiver.events().events().stream()
        .filter(e -> e.signature().equals("onUserLeave(" + senderUser + ")")
            || e.name().equals("onCallEnd"))
        .mapToLong(CallEvent::atNanos).min()
        .orElseThrow(() -> new AssertionError(receiverAlias + " never saw " + senderAlias
            + " leave; put the audio check after the call ended at " + receiverAlias));
    long startNanos = endNanos - heard.length() * 1_000_000_000L / heard.sampleRate();
    MouthToEar.Result result = MouthToEar.analyze(tap(senderAlias, sender), heard, startNanos);
    AudioEvidence.Saved saved = AudioEvidence.save(saveAs, result.reference(), result.report());
    return new Measurement(receiverAlias, senderAlias, saveAs, saved.reference(), saved.analysis(),
        result.report(), null, null, true);
  }

  /**
   * What any device heard from a browser or Appium device: the reference is the WAV its fake microphone loops,
   * whose start is not observable, so the loop is aligned to the recording and only the quality
   * figures hold ({@code mouthToEarKnown} is false).
   */
  static Measurement measureFromLoop(String receiverAlias, PcmAudio heard, Path recording,
      String senderAlias, Path loopFile, LinkStats stats) {
    if (loopFile == null) {
      throw new AssertionError(senderAlias + "'s microphone is not a known file; nothing to compare");
    }
    PcmAudio loop = Resampler.resample(Wav.read(loopFile), heard.sampleRate());
    // the loop's phase is unknown: try phases half a second apart and keep the best-aligned
    QualityReport best = null;
    PcmAudio bestReference = null;
    AnalysisException lastRefusal = null;
    for (int phase = 0; phase < loop.length(); phase += loop.sampleRate() / 2) {
      float[] samples = new float[heard.length()];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = loop.samples()[(i + phase) % loop.length()];
      }
      PcmAudio reference = new PcmAudio(heard.sampleRate(), samples);
      try {
        QualityReport report = new AudioAnalyzer().analyze(reference, heard);
        if (best == null || report.alignmentConfidence() > best.alignmentConfidence()) {
          best = report;
          bestReference = reference;
        }
      } catch (AnalysisException e) {
        if (e.code() != AnalysisException.Code.NO_ALIGNMENT) {
          throw e;
        }
        lastRefusal = e;
      }
    }
    if (best == null) {
      throw lastRefusal;
    }
    AudioEvidence.Saved saved = AudioEvidence.save(recording, bestReference, best);
    return new Measurement(receiverAlias, senderAlias, recording, saved.reference(), saved.analysis(), best,
        stats, eModel(stats), false);
  }

  /** Keeps a page's recording under the run's reports and decodes it. */
  static PcmAudio saved(byte[] wav, Path saveAs) throws IOException {
    Files.createDirectories(saveAs.getParent());
    Files.write(saveAs, wav);
    return Wav.decode(wav, saveAs.toString());
  }

  private static TappedMic tap(String senderAlias, VirtualDevice sender) {
    List<TappedMic> mics = sender.mics();
    if (mics.isEmpty() || mics.get(mics.size() - 1).firstFrameNanos() < 0) {
      throw new AssertionError(senderAlias + "'s microphone never sent audio");
    }
    return mics.get(mics.size() - 1);
  }

  private static Double eModel(LinkStats stats) {
    if (stats == null) {
      return null;
    }
    double rttMs = stats.roundTripTimeSeconds().orElse(0) * 1000;
    return EModel.forNetwork(lossPercent(stats), 1.0, stats.jitterSeconds() * 1000, rttMs,
        Codec.OPUS).mos();
  }

  static double lossPercent(LinkStats stats) {
    long total = stats.packetsLost() + stats.packetsReceived();
    return total == 0 ? 0 : 100.0 * Math.max(0, stats.packetsLost()) / total;
  }
}
