package io.callfarm.engine.media;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Standard webrtc-stats of the audio between the local device and one remote: the {@code inbound-rtp} of the
 * local receive-only connection (audio from the remote) and the {@code remote-inbound-rtp} of the local
 * send-only connection (the remote's RTCP reports about audio from us). Counters are cumulative since the
 * connection started (never negative except {@code packetsLost}, which RTP allows to dip below 0 with
 * duplicates); all zero when there is no incoming connection yet.
 *
 * @param remoteUserId             the remote user
 * @param packetsReceived          RTP packets received from the remote
 * @param packetsLost              RTP packets lost, as reported by the receiver
 * @param jitterSeconds            interarrival jitter, seconds
 * @param concealedSamples         samples synthesised by loss concealment (48 kHz samples)
 * @param totalSamplesReceived     samples played out, concealed ones included (48 kHz samples)
 * @param jitterBufferDelaySeconds sum over emitted samples of their time in the jitter buffer, seconds
 * @param jitterBufferEmittedCount samples that left the jitter buffer
 * @param audioLevel               level of the last received audio, 0..1 linear (1 = full scale)
 * @param roundTripTimeSeconds     latest RTCP round-trip time on the outgoing connection, seconds; empty until
 *                                 the remote's first receiver report
 * @param insertedSamplesForDeceleration samples NetEq inserted to slow playout down (time-stretching, 48 kHz)
 * @param removedSamplesForAcceleration  samples NetEq removed to speed playout up (time-compression, 48 kHz)
 */
public record LinkStats(String remoteUserId, long packetsReceived, long packetsLost, double jitterSeconds,
            long concealedSamples, long totalSamplesReceived, double jitterBufferDelaySeconds,
            long jitterBufferEmittedCount, double audioLevel, OptionalDouble roundTripTimeSeconds,
            long insertedSamplesForDeceleration, long removedSamplesForAcceleration) {

  /** Share of played samples that were concealed, 0..1 (0 when nothing was played yet). */
  public double concealedShare() {
    return totalSamplesReceived == 0 ? 0 : (double) concealedSamples / totalSamplesReceived;
  }

  /** Mean time a sample spent in the jitter buffer, seconds (0 when none was emitted). */
  public double meanJitterBufferDelaySeconds() {
    return jitterBufferEmittedCount == 0 ? 0 : jitterBufferDelaySeconds / jitterBufferEmittedCount;
  }

  /** Combines the two reports; either may be {@code null} (that connection does not exist or failed). */
  static LinkStats of(String remoteUserId, RTCStatsReport incoming, RTCStatsReport outgoing) {
    Map<String, Object> in = first(incoming, RTCStatsType.INBOUND_RTP);
    Map<String, Object> rtt = first(outgoing, RTCStatsType.REMOTE_INBOUND_RTP);
    Object roundTrip = rtt.get("roundTripTime");
    return new LinkStats(remoteUserId, asLong(in, "packetsReceived"), asLong(in, "packetsLost"),
        asDouble(in, "jitter"), asLong(in, "concealedSamples"), asLong(in, "totalSamplesReceived"),
        asDouble(in, "jitterBufferDelay"), asLong(in, "jitterBufferEmittedCount"),
        asDouble(in, "audioLevel"),
        roundTrip instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty(),
        asLong(in, "insertedSamplesForDeceleration"), asLong(in, "removedSamplesForAcceleration"));
  }

  private static Map<String, Object> first(RTCStatsReport report, RTCStatsType type) {
    if (report != null) {
      for (RTCStats stats : report.getStats().values()) {
        if (stats.getType() == type) {
          return stats.getAttributes();
        }
      }
    }
    return Map.of();
  }

  private static long asLong(Map<String, Object> attributes, String name) {
    return attributes.get(name) instanceof Number n ? n.longValue() : 0;
  }

  private static double asDouble(Map<String, Object> attributes, String name) {
    return attributes.get(name) instanceof Number n ? n.doubleValue() : 0;
  }
}
