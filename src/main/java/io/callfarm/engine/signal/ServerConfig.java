package io.callfarm.engine.signal;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of the signalling server.
 *
 * @param host the address to bind; loopback by default
 * @param port the port; 0 picks a free one
 * @param heartbeatTimeout a session not heard from for this long is logged out and leaves its rooms;
 *     the reaper checks every quarter of it (at most every second), so a vanished client is gone
 *     after at most {@code heartbeatTimeout + min(heartbeatTimeout / 4, 1 s)}
 * @param maxFrameChars frames longer than this (in characters) get a {@link ErrorCode#FRAME_TOO_LARGE}
 *     error; frames over four times this in UTF-8 bytes are refused by the WebSocket layer (close 1009)
 * @param roomRetention a dialed room nobody enters is closed after this long
 * @param limits the bounds every client is held to, each with a coded refusal
 * @param allowedHosts host names (without port) accepted in {@code Host}/{@code Origin} besides the
 *     bound address (and, when that is loopback or a wildcard, {@code 127.0.0.1}, {@code localhost} and
 *     {@code [::1]})
 * @param roomPermission whether {@code room.enter} needs a privateMapKey ({@code genPrivateMapKey})
 *     for that user and room
 */
public record ServerConfig(String host, int port, Duration heartbeatTimeout, int maxFrameChars,
    Duration roomRetention, Limits limits, Set<String> allowedHosts, boolean roomPermission) {

  /**
   * The server's bounds. Counts are per the named scope; every refusal carries the code given.
   *
   * @param loginDeadline a connection that has not logged in this long after opening is closed
   *     ({@link ErrorCode#LOGIN_DEADLINE}); pings do not extend it
   * @param unauthenticatedPerAddress connections not yet logged in from one remote address
   *     ({@link ErrorCode#TOO_MANY_CONNECTIONS})
   * @param undeliveredPerRecipient messages kept for one user until it acknowledges them
   *     ({@link ErrorCode#RECIPIENT_FULL})
   * @param signallingExpiry how long a stored v4 call message (dialing, cancel...) is kept: the
   *     invitation timeout, after which receivers drop it anyway
   * @param messageExpiry how long any other stored message is kept
   * @param liveWindow messages sent to an online user and not yet acknowledged before further ones
   *     wait in the store and follow as acknowledgements come (flow control)
   * @param groupMembers members plus pending invitees of one group ({@link ErrorCode#GROUP_FULL})
   * @param fanOutPerSecond recipients one sender's group messages may reach per second
   *     ({@link ErrorCode#RATE_LIMITED})
   * @param dialingsPerSecond call invitations (v4 dialing) one user may send per second, bursts of
   *     twice that ({@link ErrorCode#RATE_LIMITED})
   * @param loginFailuresPerConnection failed logins after which a connection is closed
   * @param loginFailuresPerUserMinute failed logins per minute for one user from one address before
   *     further attempts are refused unverified for the rest of the minute
   */
  public record Limits(Duration loginDeadline, int unauthenticatedPerAddress,
      int undeliveredPerRecipient, Duration signallingExpiry, Duration messageExpiry, int liveWindow,
      int groupMembers, int fanOutPerSecond, int dialingsPerSecond, int loginFailuresPerConnection,
      int loginFailuresPerUserMinute) {

    public Limits {
      requirePositive("login deadline", loginDeadline);
      requirePositive("signalling expiry", signallingExpiry);
      requirePositive("message expiry", messageExpiry);
      for (int bound : new int[] {unauthenticatedPerAddress, undeliveredPerRecipient, liveWindow,
          groupMembers, fanOutPerSecond, dialingsPerSecond, loginFailuresPerConnection,
          loginFailuresPerUserMinute}) {
        if (bound < 1) {
          throw new IllegalArgumentException("every server limit must be at least 1, got " + bound);
        }
      }
    }

    public static Limits defaults() {
      return new Limits(Duration.ofSeconds(10), 1024, 1000, Duration.ofSeconds(30),
          Duration.ofDays(7), 256, 200, 2000, 10, 5, 10);
    }

    public Limits withLoginDeadline(Duration deadline) {
      return new Limits(deadline, unauthenticatedPerAddress, undeliveredPerRecipient,
          signallingExpiry, messageExpiry, liveWindow, groupMembers, fanOutPerSecond,
          dialingsPerSecond, loginFailuresPerConnection, loginFailuresPerUserMinute);
    }

    public Limits withUnauthenticatedPerAddress(int n) {
      return new Limits(loginDeadline, n, undeliveredPerRecipient, signallingExpiry, messageExpiry,
          liveWindow, groupMembers, fanOutPerSecond, dialingsPerSecond, loginFailuresPerConnection,
          loginFailuresPerUserMinute);
    }

    public Limits withUndeliveredPerRecipient(int n) {
      return new Limits(loginDeadline, unauthenticatedPerAddress, n, signallingExpiry,
          messageExpiry, liveWindow, groupMembers, fanOutPerSecond, dialingsPerSecond,
          loginFailuresPerConnection, loginFailuresPerUserMinute);
    }

    public Limits withSignallingExpiry(Duration expiry) {
      return new Limits(loginDeadline, unauthenticatedPerAddress, undeliveredPerRecipient, expiry,
          messageExpiry, liveWindow, groupMembers, fanOutPerSecond, dialingsPerSecond,
          loginFailuresPerConnection, loginFailuresPerUserMinute);
    }

    public Limits withLiveWindow(int n) {
      return new Limits(loginDeadline, unauthenticatedPerAddress, undeliveredPerRecipient,
          signallingExpiry, messageExpiry, n, groupMembers, fanOutPerSecond, dialingsPerSecond,
          loginFailuresPerConnection, loginFailuresPerUserMinute);
    }

    public Limits withGroupMembers(int n) {
      return new Limits(loginDeadline, unauthenticatedPerAddress, undeliveredPerRecipient,
          signallingExpiry, messageExpiry, liveWindow, n, fanOutPerSecond, dialingsPerSecond,
          loginFailuresPerConnection, loginFailuresPerUserMinute);
    }

    public Limits withFanOutPerSecond(int n) {
      return new Limits(loginDeadline, unauthenticatedPerAddress, undeliveredPerRecipient,
          signallingExpiry, messageExpiry, liveWindow, groupMembers, n, dialingsPerSecond,
          loginFailuresPerConnection, loginFailuresPerUserMinute);
    }

    public Limits withDialingsPerSecond(int n) {
      return new Limits(loginDeadline, unauthenticatedPerAddress, undeliveredPerRecipient,
          signallingExpiry, messageExpiry, liveWindow, groupMembers, fanOutPerSecond, n,
          loginFailuresPerConnection, loginFailuresPerUserMinute);
    }
  }

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the server needs an address to bind");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    requirePositive("heartbeat timeout", heartbeatTimeout);
    requirePositive("room retention", roomRetention);
    if (maxFrameChars < 1024) {
      throw new IllegalArgumentException("max frame size must be at least 1024 characters");
    }
    if (limits == null) {
      throw new IllegalArgumentException("the server needs its limits");
    }
    allowedHosts = Set.copyOf(allowedHosts);
  }

  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(15), 64 * 1024,
        Duration.ofMinutes(2), Limits.defaults(), Set.of(), false);
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, heartbeatTimeout, maxFrameChars, roomRetention, limits,
        allowedHosts, roomPermission);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, heartbeatTimeout, maxFrameChars, roomRetention, limits,
        allowedHosts, roomPermission);
  }

  public ServerConfig withHeartbeatTimeout(Duration timeout) {
    return new ServerConfig(host, port, timeout, maxFrameChars, roomRetention, limits,
        allowedHosts, roomPermission);
  }

  public ServerConfig withRoomRetention(Duration retention) {
    return new ServerConfig(host, port, heartbeatTimeout, maxFrameChars, retention, limits,
        allowedHosts, roomPermission);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(host, port, heartbeatTimeout, maxFrameChars, roomRetention, newLimits,
        allowedHosts, roomPermission);
  }

  public ServerConfig withAllowedHosts(Set<String> hosts) {
    return new ServerConfig(host, port, heartbeatTimeout, maxFrameChars, roomRetention, limits,
        hosts, roomPermission);
  }

  public ServerConfig withRoomPermission(boolean required) {
    return new ServerConfig(host, port, heartbeatTimeout, maxFrameChars, roomRetention, limits,
        allowedHosts, required);
  }

  /** The reaper's period: a quarter of the heartbeat timeout, 50 ms to 1 s. */
  public Duration reaperPeriod() {
    return Duration.ofMillis(Math.max(50, Math.min(1000, heartbeatTimeout.toMillis() / 4)));
  }

  /** The longest a vanished client stays in its rooms: timeout plus one reaper period. */
  public Duration heartbeatBound() {
    return heartbeatTimeout.plus(reaperPeriod());
  }

  private static void requirePositive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }
}
