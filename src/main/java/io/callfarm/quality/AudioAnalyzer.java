package io.callfarm.quality;

import io.callfarm.quality.AnalysisException.Code;

/**
 * Compares what the microphone sent (reference) with what the speaker got (degraded) and produces every
 * signal metric of a {@link QualityReport}. Both signals are resampled to 16 kHz, aligned by
 * cross-correlation (following delay changes in 0.5 s steps), cut to their overlap and measured. Stateless and thread-safe.
 *
 * <p>Length rule: the degraded file may be longer or shorter than the reference by at most
 * {@link #MAX_DELAY_SECONDS} plus 5 % of the reference (start/stop skew, clock drift); anything further apart
 * is a different recording and fails with {@code length_mismatch}.
 */
public final class AudioAnalyzer {

  /** Largest mouth-to-ear delay searched, seconds. */
  public static final double MAX_DELAY_SECONDS = 1.0;
  /** Shortest reference accepted, seconds. */
  public static final double MIN_DURATION_SECONDS = 1.0;
  private static final double LENGTH_SLACK_SHARE = 0.05;

  /**
   * Analyses one pair.
   *
   * @param ref what was sent; at least {@link #MIN_DURATION_SECONDS} long and not silent
   * @param deg what was received, any sample rate
   * @throws AnalysisException {@code too_short}, {@code empty} or {@code length_mismatch}, with what to do
   */
  public QualityReport analyze(PcmAudio ref, PcmAudio deg) {
    checkInputs(ref, deg);
    PcmAudio r = Resampler.resample(ref, PerceptualModel.RATE);
    PcmAudio d = Resampler.resample(deg, PerceptualModel.RATE);
    double maxDelay = Math.min(MAX_DELAY_SECONDS, Math.min(r.durationSeconds(), d.durationSeconds()) / 2);
    Alignment alignment = DelayEstimator.estimate(r, d, maxDelay);
    AlignedPair pair = AlignedPair.of(r, d, alignment);
    double seg = NoiseMeter.segmentalSnrDb(pair);
    return new QualityReport(
        ref.sampleRate(),
        deg.sampleRate(),
        PerceptualModel.RATE,
        alignment.delayMs(),
        pair.minDelaySamples() * 1000.0 / pair.sampleRate(),
        pair.maxDelaySamples() * 1000.0 / pair.sampleRate(),
        alignment.correlation(),
        PerceptualModel.mosLqo(pair),
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
    double slack = MAX_DELAY_SECONDS + LENGTH_SLACK_SHARE * ref.durationSeconds();
    double diff = deg.durationSeconds() - ref.durationSeconds();
    if (Math.abs(diff) > slack) {
      throw new AnalysisException(Code.LENGTH_MISMATCH, String.format(java.util.Locale.ROOT,
          "degraded is %.3f s, reference %.3f s: they may differ by at most %.3f s (max delay + 5 %%); "
              + "check that the files belong together or trim the recording",
          deg.durationSeconds(), ref.durationSeconds(), slack));
    }
    if (Levels.dbov(ref) <= Levels.SILENCE_DBOV) {
      throw new AnalysisException(Code.EMPTY, "reference is digital silence; use the signal that was sent");
    }
  }
}
