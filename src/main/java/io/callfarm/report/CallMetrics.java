package io.callfarm.report;

import java.util.List;

/**
 * The figures of one call as the metrics table and {@code summary.json} show them. A null figure was not
 * measured (no media on the call, no reference audio, ...) and renders as "–".
 *
 * @param callId         the call's id as signalled; never null
 * @param scenario       scenario name; never null
 * @param devices        device ids taking part, caller first; never null
 * @param setupLatencyMs invite sent to {@code onUserEnter} at the caller, ms
 * @param mouthToEarMs   delay of the audio path, ms
 * @param mosLqo         perceptual MOS-LQO, 1.04..4.64
 * @param eModelMos      MOS from the G.107 E-model, 1..4.5
 * @param lossPercent    packet loss, percent (0..100)
 * @param jitterMs       interarrival jitter, ms
 */
public record CallMetrics(String callId, String scenario, List<String> devices, Double setupLatencyMs,
    Double mouthToEarMs, Double mosLqo, Double eModelMos, Double lossPercent, Double jitterMs) {

  public CallMetrics {
    if (callId == null || scenario == null) {
      throw new IllegalArgumentException("call metrics need a callId and a scenario, got " + callId + ", "
          + scenario);
    }
    devices = List.copyOf(devices);
  }
}
