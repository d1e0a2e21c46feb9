package io.callfarm.quality;

import java.util.List;

/**
 * What {@link AudioAnalyzer} measured on one reference/degraded pair. Immutable; serialises to JSON with
 * Jackson as-is (field names below). All per-frame figures are computed at the 16 kHz analysis rate over the
 * span of the recording that carries the reference (lead-in and tail are trimmed and reported).
 *
 * @param sampleRate           sample rate of the reference file, samples per second
 * @param degradedSampleRate   sample rate of the degraded file, samples per second
 * @param analysisSampleRate   rate the metrics were computed at (16000), samples per second
 * @param delayMs              mouth-to-ear delay: the recording lags the reference by this much, ms (negative if
 *                             early); the delay carrying most of the speech; resolution 1/16 ms; a periodic
 *                             reference (a pure tone) has no unique delay, use speech or noise to measure it
 * @param delayMinMs           smallest delay over the reference's speech, ms
 * @param delayMaxMs           largest delay over the reference's speech, ms; equal to {@code delayMinMs} when the
 *                             delay was steady
 * @param delaySteps           every step of the delay over speech (the receiver's playout adjustments), in order
 * @param playoutAdjustments   number of {@code delaySteps}
 * @param playoutAdjustmentsInSpeech number of those inside speech rather than in a pause (audible stretches)
 * @param utterances           aligned segments: utterances, split where the delay changed inside them
 * @param alignmentConfidence  how well the recording's frames agree on the delays found, 0..1 (speech-weighted);
 *                             below {@value TimeAlignment#MIN_CONFIDENCE} a pair is refused as {@code no_alignment}
 * @param leadInMs             recording before the reference's first sample (not judged), ms
 * @param tailMs               recording after the reference's last sample (not judged), ms
 * @param mosLqo               perceptual MOS-LQO, wideband P.862.2 scale, 1.02..4.64
 * @param snrDb                SNR of degraded against the gain-scaled reference, dB, at most 100
 * @param segmentalSnrDb       mean per-20-ms-frame SNR clamped to −10..35 dB over frames where the reference is
 *                             above −50 dBov; null if there is none
 * @param refLevelDbov         RMS level of the whole reference, dBov (full-scale sine = −3.01)
 * @param degLevelDbov         RMS level of the whole degraded signal, dBov
 * @param gainDb               overall gain of the path (least squares), dB
 * @param clipping             share (0..1) of degraded samples within 0.05 dB of full scale
 * @param silenceShare         share (0..1) of 20 ms degraded frames below −60 dBov
 * @param mutedSpans           silent stretches (≥ 60 ms) of the degraded signal while the reference was audible,
 *                             in reference time; never null
 * @param lostFrameShare       share (0..1) of the reference's active time where the degraded signal was missing
 *                             or concealed; missing audio is measured exactly (±1 %), concealment only where it
 *                             no longer resembles the original, so for concealed loss this is a lower bound
 */
public record QualityReport(
    int sampleRate,
    int degradedSampleRate,
    int analysisSampleRate,
    double delayMs,
    double delayMinMs,
    double delayMaxMs,
    List<DelayTrack.DelayStep> delaySteps,
    int playoutAdjustments,
    int playoutAdjustmentsInSpeech,
    int utterances,
    double alignmentConfidence,
    double leadInMs,
    double tailMs,
    double mosLqo,
    double snrDb,
    Double segmentalSnrDb,
    double refLevelDbov,
    double degLevelDbov,
    double gainDb,
    double clipping,
    double silenceShare,
    List<MutedSpan> mutedSpans,
    double lostFrameShare) {

  public QualityReport {
    delaySteps = List.copyOf(delaySteps);
    mutedSpans = List.copyOf(mutedSpans);
  }
}
