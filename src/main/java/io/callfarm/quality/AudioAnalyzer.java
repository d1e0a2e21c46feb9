package io.callfarm.quality;

import io.callfarm.quality.AnalysisException.Code;

/**
 * Compares what the microphone sent (reference) with what the speaker got (degraded) and produces every
 * signal metric of a {@link QualityReport}. Both signals are resampled to 16 kHz and time-aligned the way real
 * calls need ({@link TimeAlignment}: a recording may start before the reference and run past it, its delay may
 * step inside speech); each frame is then compared at its own delay. Stateless and thread-safe.
 *
 * <p>A recording that has sound but does not carry the reference is refused ({@code no_alignment}); a silent
 * recording is scored (everything was lost) at the delay both signals' time bases share.
 */
public final class AudioAnalyzer {

  /** Shortest reference accepted, seconds. */
  public static final double MIN_DURATION_SECONDS = 1.0;

  /**
   * Analyses one pair.
   *
   * @param ref what was sent; at least {@link #MIN_DURATION_SECONDS} long and not silent
   * @param deg what was received, any sample rate, any length
   * @throws AnalysisException {@code too_short}, {@code empty} or {@code no_alignment}, with what to do
   */
  public QualityReport analyze(PcmAudio ref, PcmAudio deg) {
    checkInputs(ref, deg);
    int rate = PerceptualModel.RATE;
    PcmAudio r = Resampler.resample(ref, rate);
    PcmAudio d = Resampler.resample(deg, rate);
    TimeAlignment found = TimeAlignment.of(r.samples(), d.samples(), rate);
    PerceptualModel.Score score = PerceptualModel.score(r.samples(), d.samples(), found);
    TimeAlignment alignment = found.withFrameDelays(score.frameDelays());
    AlignedPair pair = AlignedPair.of(r, d, alignment);
    DelayTrack track = DelayTrack.of(alignment.frameDelays(), alignment.speechFrames(), alignment.hop(), rate);
    double seg = NoiseMeter.segmentalSnrDb(pair);
    return new QualityReport(
        ref.sampleRate(),
        deg.sampleRate(),
        rate,
        alignment.delayMs(),
        track.minMs(),
        track.maxMs(),
        track.steps(),
        track.playoutAdjustments(),
        track.playoutAdjustmentsInSpeech(),
        alignment.segments().size(),
        alignment.confidence(),
        alignment.leadIn() * 1000.0 / rate,
        alignment.tail() * 1000.0 / rate,
        score.mosLqo(),
        NoiseMeter.snrDb(pair),
        Double.isNaN(seg) ? null : seg,
        Levels.dbov(ref),
        Levels.dbov(deg),
        Levels.powerToDb(pair.gain() * pair.gain()),
        Levels.clippingShare(deg),
        SilenceDetector.silenceShare(pair),
        SilenceDetector.mutedSpans(pair),
        LossDetector.lostShare(pair));
  }

  private static void checkInputs(PcmAudio ref, PcmAudio deg) {
    if (ref.durationSeconds() < MIN_DURATION_SECONDS) {
      throw new AnalysisException(Code.TOO_SHORT, String.format(java.util.Locale.ROOT,
          "reference is %.3f s; at least %.1f s of speech is needed (8-10 s is best)",
          ref.durationSeconds(), MIN_DURATION_SECONDS));
    }
    if (deg.durationSeconds() < MIN_DURATION_SECONDS) {
      throw new AnalysisException(Code.TOO_SHORT, String.format(java.util.Locale.ROOT,
          "degraded is %.3f s; at least %.1f s is needed", deg.durationSeconds(), MIN_DURATION_SECONDS));
    }
    if (Levels.dbov(ref) <= Levels.SILENCE_DBOV) {
      throw new AnalysisException(Code.EMPTY, "reference is digital silence; use the signal that was sent");
    }
  }
}
