package io.callfarm.cli;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.signal.ServerConfig;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Option(names = "--db", defaultValue = "run/engine.db", description = "SQLite file, created when absent in a "
      + "folder that exists (default: ${DEFAULT-VALUE}, its folder created)")
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

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AppSecret secret;
    Engine engine;
    try {
      EngineConfig config;
      try {
        secret = AppSecret.fromFileOrEnvironment(keyFile, System.getenv());
        ServerConfig server = ServerConfig.defaults().withHost(host).withPort(port)
            .withHeartbeatTimeout(Duration.ofMillis(heartbeatTimeoutMillis))
            .withAllowedHosts(Set.copyOf(allowHosts)).withRoomPermission(roomPermission);
        config = new EngineConfig(database, app, secret, server, true);
      } catch (IllegalArgumentException e) {
        throw new Refusal("invalid_argument", e.getMessage());
      }
      checkHost();
      checkDatabase();
      engine = start(config);
    } catch (Refusal e) {
      return e.print(System.err);
    }
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

  private void checkHost() {
    try {
      InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new Refusal("invalid_argument", "--host " + host + ": no such host (give an address of this "
          + "machine, e.g. 127.0.0.1)");
    }
  }

  /**
   * The database file may be absent (it is created), its folder must exist unless it is the default's
   * ({@code run/}, created on first use).
   */
  private void checkDatabase() {
    if (Files.isDirectory(database)) {
      throw new Refusal("invalid_argument", "--db " + database + " is a folder: give a file (created when "
          + "absent)");
    }
    Path parent = database.toAbsolutePath().getParent();
    boolean given = spec.commandLine().getParseResult().hasMatchedOption("--db");
    if (given && parent != null && !Files.isDirectory(parent)) {
      throw new Refusal("no_such_file", "--db " + database + ": the folder " + parent + " does not exist "
          + "(create it first)");
    }
  }

  /** Starts the engine; a failure (port in use, a file that is not a database) is a one-line refusal. */
  private static Engine start(EngineConfig config) {
    try {
      return Engine.start(config);
    } catch (Exception e) {
      Throwable root = Refusal.rootCause(e);
      if (root instanceof BindException) {
        throw new Refusal("start_failed", "cannot listen on " + config.server().host() + ":"
            + config.server().port() + " (" + root.getMessage() + "): choose another --port, or 0 for any "
            + "free port");
      }
      throw new Refusal("start_failed", "the engine did not start: " + e.getMessage());
    }
  }
}
