package io.callfarm.engine;

import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.signal.ProtocolException;
import io.callfarm.engine.signal.SignalServer;
import io.callfarm.engine.signal.Switchboard;
import io.callfarm.engine.store.Store;
import io.callfarm.engine.web.WebApp;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running audio-call engine: the database, the signalling server with the web call client beside
 * it, and the one app it serves (a database that served another app or key before is re-registered:
 * earlier UserSigs stop working). Ready when {@link #start} returns; {@link #close()} stops the
 * server, then flushes and closes the database.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final EngineConfig config;
  private final Store store;
  private final Switchboard switchboard;
  private final SignalServer server;
  private final UserSigIssuer issuer;
  private final boolean testUserSigs;

  private Engine(EngineConfig config, Store store, Switchboard switchboard, SignalServer server,
      boolean testUserSigs) {
    this.config = config;
    this.store = store;
    this.switchboard = switchboard;
    this.server = server;
    this.issuer = new UserSigIssuer(config.sdkAppId(), config.secret());
    this.testUserSigs = testUserSigs;
  }

  public static Engine start(EngineConfig config) throws Exception {
    Store store = Store.open(config.database());
    try {
      Optional<String> replaced = store.registerApp(config.sdkAppId(),
          config.secret().fingerprint(), System.currentTimeMillis());
      replaced.ifPresent(previous -> LOG.warn("database {} served {} before; it now serves app {} "
          + "(key {}): UserSigs of the previous registration no longer verify", config.database(),
          previous, config.sdkAppId(), config.secret().fingerprint()));
      boolean testUserSigs = config.testUserSigEndpoint() && config.secret().isTestKey()
          && isLoopback(config.server().host());
      Switchboard switchboard = new Switchboard(config.server(), store, config.sdkAppId(),
          config.secret(), Clock.systemUTC());
      SignalServer server = SignalServer.start(config.server(), switchboard,
          WebApp.handler(config.sdkAppId(), config.secret(), store, testUserSigs));
      return new Engine(config, store, switchboard, server, testUserSigs);
    } catch (Exception | Error e) {
      store.close();
      throw e;
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public URI signallingUri() {
    return server.uri();
  }

  /** The web call client (demo UI) and its {@code /api/*}, e.g. {@code http://127.0.0.1:41234/}. */
  public URI webUri() {
    return server.httpUri();
  }

  public long sdkAppId() {
    return config.sdkAppId();
  }

  /** Whether {@code /api/usersig} issues test logins (loopback, test key, not switched off). */
  public boolean issuesTestUserSigs() {
    return testUserSigs;
  }

  public Store store() {
    return store;
  }

  public Switchboard switchboard() {
    return switchboard;
  }

  /** A UserSig for a user of this engine's app, valid for {@code ttl}. */
  public String userSig(String userId, Duration ttl) throws AuthException {
    return issuer.issue(userId, ttl);
  }

  /** A privateMapKey letting {@code userId} into {@code roomId} (room permission), all privileges. */
  public String roomKey(String userId, int roomId, Duration ttl) throws AuthException {
    return issuer.roomKey(userId, roomId, ttl, 0xff);
  }

  /**
   * Creates an IM group with its members as the app backend would (Tencent REST
   * {@code create_group} with a member list): no invitation or consent step.
   */
  public void provisionGroup(String groupId, String owner, List<String> members)
      throws ProtocolException {
    switchboard.provisionGroup(groupId, owner, members);
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      try {
        switchboard.close();
      } finally {
        store.close();
      }
    }
  }
}
