package io.callfarm.engine.media;

import io.callfarm.engine.net.Impairment;
import io.callfarm.engine.net.NetworkFabric;
import java.net.InetSocketAddress;

/**
 * Puts a device's media through the {@link NetworkFabric}: the remote's receiving sockets (candidates
 * of the local send-only connection) are replaced by a relay path that applies the local uplink and
 * the remote's downlink. Candidates of the local receive-only connection are dropped, so the remote's
 * audio can only reach this device through the remote's own relay path (ICE learns that address as
 * peer-reflexive from the checks it relays).
 */
final class FabricCandidates implements CandidateRewriter {
  private final NetworkFabric fabric;
  private final String localUserId;

  FabricCandidates(NetworkFabric fabric, String localUserId) {
    this.fabric = fabric;
    this.localUserId = localUserId;
  }

  @Override
  public String rewrite(String remoteUserId, LinkDirection direction, String candidate) {
    if (direction == LinkDirection.INCOMING) {
      return null;
    }
    String[] fields = candidate.trim().split(" ");
    InetSocketAddress target = new InetSocketAddress(fields[4], Integer.parseInt(fields[5]));
    InetSocketAddress relay = fabric.route(localUserId, remoteUserId, target);
    fields[4] = relay.getAddress().getHostAddress();
    fields[5] = Integer.toString(relay.getPort());
    return String.join(" ", fields);
  }

  @Override
  public boolean impairsAudioFrom(String remoteUserId) {
    return !fabric.profile(remoteUserId).uplink().equals(Impairment.NONE)
        || !fabric.profile(localUserId).downlink().equals(Impairment.NONE);
  }
}
