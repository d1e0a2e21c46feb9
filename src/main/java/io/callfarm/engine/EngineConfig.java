package io.callfarm.engine;

import io.callfarm.engine.signal.ServerConfig;
import java.nio.file.Path;

/**
 * Settings of an embedded engine.
 *
 * @param database the SQLite file (created when absent, reused across restarts)
 * @param sdkAppId the app this engine serves
 * @param secretKey that app's UserSig key
 * @param testUserSigEndpoint whether the web client's {@code GET /api/usersig?userId=U} issues UserSigs
 *     to anyone who asks: for local runs only (on for {@link #defaults}); never enable it with a real
 *     app's key
 */
public record EngineConfig(Path database, long sdkAppId, String secretKey, ServerConfig server,
    boolean testUserSigEndpoint) {
  /** The app id of the embedded default engine. */
  public static final long DEFAULT_APP = 1400000001L;
  /** The embedded default's key: for local test runs only, never a production secret. */
  public static final String DEFAULT_KEY =
      "callfarm-local-test-key-5b1c9d2e7f3a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";

  public EngineConfig {
    if (sdkAppId <= 0) {
      throw new IllegalArgumentException("sdkAppId must be positive, got " + sdkAppId);
    }
    if (secretKey == null || secretKey.length() < 16) {
      throw new IllegalArgumentException("the app secret key must be at least 16 characters");
    }
  }

  public static EngineConfig defaults(Path database) {
    return new EngineConfig(database, DEFAULT_APP, DEFAULT_KEY, ServerConfig.defaults(), true);
  }

  public EngineConfig withServer(ServerConfig newServer) {
    return new EngineConfig(database, sdkAppId, secretKey, newServer, testUserSigEndpoint);
  }
}
