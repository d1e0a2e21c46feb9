package io.callfarm.engine.call;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of one call component.
 *
 * @param server the signalling server's WebSocket URI
 * @param invitationTimeout how long an invitation rings before onNoResp/onCallingTimeOut (30 s in
 *     the product; suites shorten it)
 * @param heartbeatInterval how often the client pings the server
 * @param requestTimeout how long a request waits for the server's answer
 * @param reconnectBackoff the first wait before reconnecting after the connection dropped; each
 *     failed attempt doubles it (with ±25 % jitter) up to {@code reconnectMaxBackoff}
 * @param reconnectMaxBackoff the longest wait between reconnection attempts
 */
public record ClientConfig(URI server, Duration invitationTimeout, Duration heartbeatInterval,
    Duration requestTimeout, Duration reconnectBackoff, Duration reconnectMaxBackoff) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public ClientConfig {
    if (server == null) {
      throw new IllegalArgumentException("the signalling server URI is required");
    }
    if (invitationTimeout.isNegative() || invitationTimeout.isZero()) {
      throw new IllegalArgumentException("invitation timeout must be positive, got "
          + invitationTimeout);
    }
    if (reconnectBackoff.isNegative() || reconnectBackoff.isZero()
        || reconnectMaxBackoff.compareTo(reconnectBackoff) < 0) {
      throw new IllegalArgumentException("reconnect backoff must be positive and at most its "
          + "maximum, got " + reconnectBackoff + " / " + reconnectMaxBackoff);
    }
  }

  public static ClientConfig of(URI server) {
    return new ClientConfig(server, DEFAULT_TIMEOUT, Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofMillis(250), Duration.ofSeconds(8));
  }

  public ClientConfig withInvitationTimeout(Duration timeout) {
    return new ClientConfig(server, timeout, heartbeatInterval, requestTimeout, reconnectBackoff,
        reconnectMaxBackoff);
  }

  public ClientConfig withHeartbeatInterval(Duration interval) {
    return new ClientConfig(server, invitationTimeout, interval, requestTimeout, reconnectBackoff,
        reconnectMaxBackoff);
  }

  public ClientConfig withReconnectBackoff(Duration first, Duration max) {
    return new ClientConfig(server, invitationTimeout, heartbeatInterval, requestTimeout, first,
        max);
  }
}
