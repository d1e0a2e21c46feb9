package io.callfarm.engine;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.signal.ServerConfig;
import java.nio.file.Path;

/**
 * Settings of an embedded engine.
 *
 * @param database the SQLite file (created when absent, reused across restarts)
 * @param sdkAppId the one app this engine serves: only its users log in, whatever the database held
 * @param secret that app's UserSig key (printed by {@code toString} as a fingerprint only)
 * @param server the signalling server's address and bounds
 * @param testUserSigEndpoint whether the web client's {@code GET /api/usersig?userId=U} may issue
 *     UserSigs to anyone who asks; the engine turns it on only when, in addition, the server binds a
 *     loopback address and the key is {@link AppSecret#TEST_KEY} (on for {@link #defaults})
 */
public record EngineConfig(Path database, long sdkAppId, AppSecret secret, ServerConfig server,
    boolean testUserSigEndpoint) {
  /** The app id of the embedded default engine. */
  public static final long DEFAULT_APP = 1400000001L;
  /** The largest SDKAppID (an unsigned 32-bit number); the smallest is 1. */
  public static final long MAX_SDK_APP_ID = 0xFFFF_FFFFL;

  public EngineConfig {
    if (sdkAppId <= 0 || sdkAppId > MAX_SDK_APP_ID) {
      throw new IllegalArgumentException("sdkAppId must be 1.." + MAX_SDK_APP_ID + ", got " + sdkAppId);
    }
    if (secret == null || database == null || server == null) {
      throw new IllegalArgumentException("database, secret key and server settings are required");
    }
  }

  public static EngineConfig defaults(Path database) {
    return new EngineConfig(database, DEFAULT_APP, AppSecret.TEST_KEY, ServerConfig.defaults(), true);
  }

  public EngineConfig withServer(ServerConfig newServer) {
    return new EngineConfig(database, sdkAppId, secret, newServer, testUserSigEndpoint);
  }

  public EngineConfig withApp(long newSdkAppId, AppSecret newSecret) {
    return new EngineConfig(database, newSdkAppId, newSecret, server, testUserSigEndpoint);
  }
}
