package io.callfarm.farm.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.media.LinkStats;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The W3C webrtc-stats of audio a browser receives from one remote ({@code inbound-rtp} of the receive
 * link), plus the round trip its own send link to that remote measured ({@code remote-inbound-rtp}).
 *
 * @param packetsReceived RTP packets received, never negative
 * @param packetsLost RTP packets lost as the receiver counts them (may be negative with duplicates)
 * @param jitterSeconds interarrival jitter, seconds
 * @param audioLevel the last received level, 0.0 (silence) to 1.0 (full scale)
 * @param concealedSamples samples synthesised by packet loss concealment
 * @param totalSamplesReceived decoded samples, concealed ones included
 * @param jitterBufferDelaySeconds the summed jitter buffer delay of all emitted samples, seconds
 * @param jitterBufferEmittedCount samples that left the jitter buffer
 * @param roundTripSeconds the send link's latest RTCP round trip, seconds, or NaN before the first
 *     report
 */
public record InboundAudio(long packetsReceived, long packetsLost, double jitterSeconds,
    double audioLevel, long concealedSamples, long totalSamplesReceived,
    double jitterBufferDelaySeconds, long jitterBufferEmittedCount, double roundTripSeconds) {

  /** The share of decoded samples that were concealed, 0.0 to 1.0 (0 before any audio). */
  public double concealedShare() {
    return totalSamplesReceived == 0 ? 0 : (double) concealedSamples / totalSamplesReceived;
  }

  /**
   * The same figures as the engine's {@link LinkStats} of the stream from {@code remoteUserId}; the page does not
   * report NetEq's time-stretch counters, so those are 0.
   */
  public LinkStats toLinkStats(String remoteUserId) {
    return new LinkStats(remoteUserId, packetsReceived, packetsLost, jitterSeconds, concealedSamples,
        totalSamplesReceived, jitterBufferDelaySeconds, jitterBufferEmittedCount, audioLevel,
        Double.isNaN(roundTripSeconds) ? OptionalDouble.empty() : OptionalDouble.of(roundTripSeconds), 0, 0);
  }

  /**
   * Reads one remote's entry of {@code window.callfarm.api.stats()}
   * ({@code {send:{stats:[..]}, receive:{stats:[..]}}}); empty when the receive link has no
   * inbound-rtp yet.
   */
  static Optional<InboundAudio> of(JsonNode remote) {
    JsonNode inbound = find(remote.path("receive").path("stats"), "inbound-rtp");
    if (inbound == null) {
      return Optional.empty();
    }
    JsonNode rtt = find(remote.path("send").path("stats"), "remote-inbound-rtp");
    return Optional.of(new InboundAudio(inbound.path("packetsReceived").asLong(),
        inbound.path("packetsLost").asLong(), inbound.path("jitter").asDouble(),
        inbound.path("audioLevel").asDouble(), inbound.path("concealedSamples").asLong(),
        inbound.path("totalSamplesReceived").asLong(), inbound.path("jitterBufferDelay").asDouble(),
        inbound.path("jitterBufferEmittedCount").asLong(),
        rtt == null || !rtt.has("roundTripTime") ? Double.NaN
            : rtt.path("roundTripTime").asDouble()));
  }

  private static JsonNode find(JsonNode stats, String type) {
    for (JsonNode s : stats) {
      if (type.equals(s.path("type").asText()) && "audio".equals(s.path("kind").asText("audio"))) {
        return s;
      }
    }
    return null;
  }
}
