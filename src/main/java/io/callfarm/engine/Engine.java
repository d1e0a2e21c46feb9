package io.callfarm.engine;

import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.signal.SignalServer;
import io.callfarm.engine.signal.Switchboard;
import io.callfarm.engine.store.Store;
import io.callfarm.engine.web.WebApp;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * A running audio-call engine: the database, the signalling server on loopback with the web call
 * client beside it, and the app it serves.
 * Ready when {@link #start} returns; {@link #close()} stops the server, then flushes and closes the
 * database.
 */
public final class Engine implements AutoCloseable {
  private final EngineConfig config;
  private final Store store;
  private final Switchboard switchboard;
  private final SignalServer server;
  private final UserSigIssuer issuer;

  private Engine(EngineConfig config, Store store, Switchboard switchboard, SignalServer server) {
    this.config = config;
    this.store = store;
    this.switchboard = switchboard;
    this.server = server;
    this.issuer = new UserSigIssuer(config.sdkAppId(), config.secretKey());
  }

  public static Engine start(EngineConfig config) throws Exception {
    Store store = Store.open(config.database());
    try {
      store.putApp(config.sdkAppId(), config.secretKey());
      Switchboard switchboard = new Switchboard(config.server(), store, store.apps(),
          Clock.systemUTC());
      SignalServer server = SignalServer.start(config.server(), switchboard,
          WebApp.handler(config.sdkAppId(), store, config.testUserSigEndpoint()
              ? new UserSigIssuer(config.sdkAppId(), config.secretKey()) : null));
      return new Engine(config, store, switchboard, server);
    } catch (Exception | Error e) {
      store.close();
      throw e;
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

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
