package io.callfarm.scenario;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.engine.media.MouthToEar;
import io.callfarm.farm.HeardAudio;
import io.callfarm.farm.SentAudio;
import io.callfarm.quality.AnalysisException;
import io.callfarm.quality.AudioAnalyzer;
import io.callfarm.quality.Codec;
import io.callfarm.quality.EModel;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.QualityReport;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import io.callfarm.report.AudioEvidence;
import java.nio.file.Path;

/**
 * Measures what one device heard from another in their last call, whatever their kinds, from what the
 * {@link io.callfarm.farm.Device} contract gives: the receiver's recording ({@link HeardAudio}) and the sender's
 * microphone ({@link SentAudio}). When both are timed on this JVM's clock (a virtual sender's tapped microphone; a
 * virtual receiver's recording, or a web client's placed by its end-of-stream callback) the reference is placed on
 * the recording's time base, so the analyser's delay is the true mouth-to-ear delay; a sender that loops a file
 * from an unknown phase (browser, Appium) is aligned to the recording instead, and only the quality figures hold.
 * Every measurement leaves its evidence beside the recording ({@link AudioEvidence}: the placed reference and the
 * analysis).
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

  /**
   * What {@code receiverAlias} heard from {@code senderAlias}.
   *
   * @throws AssertionError when the recording cannot be placed (a timed sender, a receiver that never saw the
   *     stream end) or the analyser refuses the pair
   */
  static Measurement measure(String receiverAlias, HeardAudio heard, String senderAlias, SentAudio sent) {
    LinkStats stats = heard.stats().orElse(null);
    if (!sent.timingKnown()) {
      return measureFromLoop(receiverAlias, heard, senderAlias, sent.wav(), stats);
    }
    if (heard.startNanos().isEmpty()) {
      throw new AssertionError(receiverAlias + " never saw " + senderAlias + " leave, so its recording cannot be "
          + "placed in time; put the audio check after the call ended at " + receiverAlias);
    }
    PcmAudio recording = Wav.read(heard.wav());
    MouthToEar.Result result = MouthToEar.analyze(Wav.read(sent.wav()), sent.firstSampleNanos().getAsLong(),
        sent.samplesPerSecond(), recording, heard.startNanos().getAsLong());
    AudioEvidence.Saved saved = AudioEvidence.save(heard.wav(), result.reference(), result.report());
    return new Measurement(receiverAlias, senderAlias, heard.wav(), saved.reference(), saved.analysis(),
        result.report(), stats, eModel(stats), true);
  }

  /**
   * What any device heard from a sender that loops a file from an unknown phase (a browser's or Appium device's fake
   * microphone): the loop is aligned to the recording and only the quality figures hold ({@code mouthToEarKnown}
   * is false).
   */
  private static Measurement measureFromLoop(String receiverAlias, HeardAudio recorded, String senderAlias,
      Path loopFile, LinkStats stats) {
    Path recording = recorded.wav();
    PcmAudio heard = Wav.read(recording);
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
