package io.callfarm.engine.signal;

import java.time.Duration;

/**
 * Settings of the signalling server.
 *
 * @param host the address to bind; loopback by default
 * @param port the port; 0 picks a free one
 * @param heartbeatTimeout a session not heard from for this long is logged out and leaves its rooms
 * @param maxFrameChars frames longer than this get a {@link ErrorCode#FRAME_TOO_LARGE} error; frames
 *     over four times this are refused by the WebSocket layer (close 1009)
 * @param roomRetention a dialed room nobody enters is closed after this long
 */
public record ServerConfig(String host, int port, Duration heartbeatTimeout, int maxFrameChars,
    Duration roomRetention) {

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
      throw new IllegalArgumentException("heartbeat timeout must be positive");
    }
    if (maxFrameChars < 1024) {
      throw new IllegalArgumentException("max frame size must be at least 1024 characters");
    }
  }

  public static ServerConfig defaults() {
    return new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(15), 64 * 1024,
        Duration.ofMinutes(2));
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, heartbeatTimeout, maxFrameChars, roomRetention);
  }

  public ServerConfig withHeartbeatTimeout(Duration timeout) {
    return new ServerConfig(host, port, timeout, maxFrameChars, roomRetention);
  }
}
