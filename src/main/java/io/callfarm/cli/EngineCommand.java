package io.callfarm.cli;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.signal.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code callfarm engine}: runs the embedded engine standalone until interrupted. */
@Command(name = "engine", mixinStandardHelpOptions = true,
    description = "Start the audio-call engine (signalling server + database) on loopback.")
final class EngineCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "0", description = "port (0 = any free port)")
  int port;

  @Option(names = "--db", defaultValue = "run/engine.db", description = "SQLite file (default: ${DEFAULT-VALUE})")
  Path database;

  @Option(names = "--app", defaultValue = "" + EngineConfig.DEFAULT_APP, description = "SDKAppID")
  long app;

  @Option(names = "--key", description = "the app's secret key (default: the local test key)")
  String key = EngineConfig.DEFAULT_KEY;

  @Option(names = "--heartbeat-timeout", defaultValue = "15000",
      description = "ms without a heartbeat before a client is logged out (default: ${DEFAULT-VALUE})")
  long heartbeatTimeoutMillis;

  @Override
  public Integer call() throws Exception {
    ServerConfig server = ServerConfig.defaults().withPort(port)
        .withHeartbeatTimeout(Duration.ofMillis(heartbeatTimeoutMillis));
    // the web client's UserSig endpoint only with the local test key: a real key stays private
    EngineConfig config = new EngineConfig(database, app, key, server,
        EngineConfig.DEFAULT_KEY.equals(key));
    Engine engine = Engine.start(config);
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        engine.close();
      } catch (Exception e) {
        System.err.println("engine: stopping failed: " + e);
      }
    }, "callfarm-engine-stop"));
    System.out.println("engine ready: " + engine.signallingUri());
    System.out.println("  web client: " + engine.webUri());
    System.out.println("  app " + app + ", database " + database.toAbsolutePath());
    System.out.println("  a UserSig: ./callfarm usersig --app " + app + " --key <key> --user alice");
    System.out.println("  Ctrl-C stops it");
    forever.await();
    return 0;
  }
}
