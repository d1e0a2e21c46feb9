package io.callfarm.load;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.EngineConfig;
import java.net.URI;

/**
 * The engine a load run drives: its signalling URI, its app and that app's secret key, from which the
 * run mints every user's UserSig and the administrator's ({@link EngineAdmin}). The key never goes
 * on a command line or into a report ({@link #toString()} hides it).
 *
 * @param signalling {@code ws://host:port/ws}
 * @param startedHere whether this run started the engine as its child process (loopback, test key)
 */
public record EngineTarget(URI signalling, long sdkAppId, String secretKey, boolean startedHere) {

  public EngineTarget {
    if (signalling == null || !"ws".equals(signalling.getScheme()) || signalling.getPort() < 1
        || !"/ws".equals(signalling.getPath())) {
      throw new IllegalArgumentException("--engine must be the engine's WebSocket URL "
          + "ws://HOST:PORT/ws, got " + signalling);
    }
    if (secretKey == null || secretKey.length() < 16) {
      throw new IllegalArgumentException("the engine's secret key must be at least 16 characters"
          + " (env CALLFARM_SECRET_KEY or --key-file)");
    }
  }

  /** An engine already running at {@code signalling}, for the app with that key. */
  public static EngineTarget remote(URI signalling, long sdkAppId, String secretKey) {
    return new EngineTarget(signalling, sdkAppId, secretKey, false);
  }

  /** The child engine of this run: loopback, the built-in test app and key. */
  static EngineTarget child(URI signalling) {
    return new EngineTarget(signalling, EngineConfig.DEFAULT_APP, AppSecret.TEST_KEY.reveal(),
        true);
  }

  /** Whether the engine is on this machine's loopback. */
  public boolean loopback() {
    String host = signalling.getHost();
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  /** The engine's HTTP base, {@code http://host:port/}. */
  URI httpBase() {
    return URI.create("http://" + signalling.getHost() + ":" + signalling.getPort() + "/");
  }

  @Override
  public String toString() {
    return "EngineTarget[" + signalling + ", app " + sdkAppId + (startedHere ? ", child" : "")
        + "]";
  }
}
