package io.callfarm.engine.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The network between a farm's devices: each user has an uplink and a downlink {@link Impairment}
 * (its "network profile"), and every media path from one user to another runs through two relays —
 * the sender's uplink, then the receiver's downlink. Changing a profile mid-call re-impairs every
 * live path of that user. Owns one {@link LinkEmulator}; thread-safe.
 */
public final class NetworkFabric implements AutoCloseable {
  /** A user's profile: what its outgoing and incoming media suffer. */
  public record Profile(Impairment uplink, Impairment downlink) {
    public static final Profile GOOD = new Profile(Impairment.NONE, Impairment.NONE);
  }

  /** The two relays of one media path and who they carry for. */
  public record Path(String fromUser, String toUser, UdpRelay uplink, UdpRelay downlink) {
    /** What the sender's uplink did to the media (forward direction). */
    public LinkCounters uplinkCounters() {
      return uplink.counters(Direction.FORWARD);
    }

    /** What the receiver's downlink did to the media (forward direction). */
    public LinkCounters downlinkCounters() {
      return downlink.counters(Direction.FORWARD);
    }
  }

  private final LinkEmulator emulator = new LinkEmulator();
  private final long seed;
  private final Map<String, Profile> profiles = new ConcurrentHashMap<>();
  private final List<Path> paths = new CopyOnWriteArrayList<>();

  /** @param seed the run's seed: the same seed and traffic give the same impairment decisions */
  public NetworkFabric(long seed) {
    this.seed = seed;
  }

  /** Sets a user's profile; live paths of that user change at once. */
  public void setProfile(String userId, Profile profile) {
    profiles.put(userId, profile);
    for (Path path : paths) {
      if (path.fromUser().equals(userId)) {
        path.uplink().setImpairment(Direction.FORWARD, profile.uplink());
      }
      if (path.toUser().equals(userId)) {
        path.downlink().setImpairment(Direction.FORWARD, profile.downlink());
      }
    }
  }

  public Profile profile(String userId) {
    return profiles.getOrDefault(userId, Profile.GOOD);
  }

  /**
   * Opens a media path from {@code fromUser} to {@code toUser}'s socket {@code target} and returns
   * the address the sender must use instead.
   */
  public InetSocketAddress route(String fromUser, String toUser, InetSocketAddress target) {
    long pathSeed = seed * 31 + (fromUser + "->" + toUser).hashCode() * 17L + paths.size();
    UdpRelay downlink = emulator.open(target, profile(toUser).downlink(), Impairment.NONE,
        pathSeed * 2 + 1);
    UdpRelay uplink = emulator.open(downlink.localAddress(), profile(fromUser).uplink(),
        Impairment.NONE, pathSeed * 2);
    paths.add(new Path(fromUser, toUser, uplink, downlink));
    return uplink.localAddress();
  }

  /** The paths opened so far from one user to another, oldest first. */
  public List<Path> paths(String fromUser, String toUser) {
    List<Path> out = new ArrayList<>();
    for (Path path : paths) {
      if (path.fromUser().equals(fromUser) && path.toUser().equals(toUser)) {
        out.add(path);
      }
    }
    return out;
  }

  /** Closes the paths {@code fromUser} sends on (its call ended); their counters are final. */
  public void releaseFrom(String fromUser) {
    for (Path path : paths) {
      if (path.fromUser().equals(fromUser)) {
        paths.remove(path);
        path.uplink().close();
        path.downlink().close();
      }
    }
  }

  @Override
  public void close() {
    emulator.close();
  }
}
