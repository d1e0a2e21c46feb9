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
 */
public record ClientConfig(URI server, Duration invitationTimeout, Duration heartbeatInterval,
    Duration requestTimeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public ClientConfig {
    if (server == null) {
      throw new IllegalArgumentException("the signalling server URI is required");
    }
    if (invitationTimeout.isNegative() || invitationTimeout.isZero()) {
      throw new IllegalArgumentException("invitation timeout must be positive, got "
          + invitationTimeout);
    }
  }

  public static ClientConfig of(URI server) {
    return new ClientConfig(server, DEFAULT_TIMEOUT, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  public ClientConfig withInvitationTimeout(Duration timeout) {
    return new ClientConfig(server, timeout, heartbeatInterval, requestTimeout);
  }

  public ClientConfig withHeartbeatInterval(Duration interval) {
    return new ClientConfig(server, invitationTimeout, interval, requestTimeout);
  }
}
