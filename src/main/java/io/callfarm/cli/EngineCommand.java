package io.callfarm.cli;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.signal.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callfarm engine}: runs the embedded engine standalone until interrupted. */
@Command(name = "engine", mixinStandardHelpOptions = true,
    description = {"Start the audio-call engine (signalling server + database) on loopback.",
        "The app's secret key comes from --key-file or the environment variable "
            + AppSecret.ENVIRONMENT + " (never the command line); without either, the built-in "
            + "test key, which also turns on the web client's test logins (/api/usersig)."})
final class EngineCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "0", description = "port (0 = any free port)")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "address to bind (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--allow-host", description = "another host name clients may use in Host/Origin "
      + "(repeatable), e.g. the engine's DNS name when it binds a reachable address")
  List<String> allowHosts = List.of();

  @Option(names = "--db", defaultValue = "run/engine.db", description = "SQLite file (default: ${DEFAULT-VALUE})")
  Path database;

  @Option(names = "--app", defaultValue = "" + EngineConfig.DEFAULT_APP, description = "SDKAppID")
  long app;

  @Option(names = "--key-file", paramLabel = "PATH",
      description = "file holding the app's secret key on its first line")
  Path keyFile;

  @Option(names = "--heartbeat-timeout", defaultValue = "15000",
      description = "ms without a heartbeat before a client is logged out (default: ${DEFAULT-VALUE})")
  long heartbeatTimeoutMillis;

  @Option(names = "--room-permission",
      description = "room.enter needs a privateMapKey (tls-sig-api-v2 genPrivateMapKey)")
  boolean roomPermission;

  @Override
  public Integer call() throws Exception {
    AppSecret secret;
    ServerConfig server;
    try {
      secret = AppSecret.fromFileOrEnvironment(keyFile, System.getenv());
      server = ServerConfig.defaults().withHost(host).withPort(port)
          .withHeartbeatTimeout(Duration.ofMillis(heartbeatTimeoutMillis))
          .withAllowedHosts(Set.copyOf(allowHosts)).withRoomPermission(roomPermission);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    Engine engine = Engine.start(new EngineConfig(database, app, secret, server, true));
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        engine.close();
      } catch (Exception e) {
        System.err.println("engine: stopping failed: " + e);
      }
    }, "callfarm-engine-stop"));
    System.out.println("engine ready: " + engine.signallingUri());
    System.out.println("  web client: " + engine.webUri()
        + (engine.issuesTestUserSigs() ? " (test logins on: built-in test key)" : ""));
    System.out.println("  app " + app + ", key " + secret.fingerprint() + ", database "
        + database.toAbsolutePath());
    System.out.println("  a UserSig: ./callfarm usersig --app " + app
        + (secret.isTestKey() ? "" : " --key-file PATH") + " --user alice");
    System.out.println("  Ctrl-C stops it");
    forever.await();
    return 0;
  }
}
