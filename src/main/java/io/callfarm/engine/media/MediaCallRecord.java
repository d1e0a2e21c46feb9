package io.callfarm.engine.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a device's media did in one call: where its speaker recordings are and the webrtc-stats
 * sampled about once a second while it lasted.
 *
 * @param roomId the call's media room
 * @param recordingEpochNanos {@link System#nanoTime()} of sample 0 of every recording
 * @param recordings per remote user, its WAV file (48 kHz mono 16-bit)
 * @param mixed the mixed recording, or null when nothing was recorded
 * @param stats samples in time order
 */
public record MediaCallRecord(int roomId, long recordingEpochNanos, Map<String, Path> recordings,
    Path mixed, List<StatsSample> stats) {

  /** One sampling of every remote's {@link LinkStats}, {@code atNanos} by {@link System#nanoTime()}. */
  public record StatsSample(long atNanos, Map<String, LinkStats> byRemote) {}

  /** The last stats of a remote taken while its audio was being received, or null. */
  public LinkStats lastStats(String remoteUserId) {
    for (int i = stats.size() - 1; i >= 0; i--) {
      LinkStats s = stats.get(i).byRemote().get(remoteUserId);
      if (s != null && s.packetsReceived() > 0) {
        return s;
      }
    }
    return null;
  }
}
