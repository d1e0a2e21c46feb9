package io.callfarm.load;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The engine child process a load run starts ({@link EngineProcess}): the embedded engine with the
 * local test app on 127.0.0.1 and a free port, its database at {@code args[0]}. Prints
 * {@value #READY} and the signalling URI once ready, then runs until its standard input closes —
 * which happens when the load command ends, however it ends (a normal close, Ctrl-C, a crash or
 * {@code kill -9} of the parent all close the pipe) — so the engine never outlives its load run.
 */
public final class EngineChild {
  static final String READY = "callfarm-engine-ready ";

  private EngineChild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: EngineChild DATABASE (started by ./callfarm load, not by hand)");
      System.exit(2);
    }
    Engine engine = Engine.start(EngineConfig.defaults(Path.of(args[0])));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(engine), "callfarm-engine-stop"));
    System.out.println(READY + engine.signallingUri());
    System.out.flush();
    awaitEndOfInput(System.in);
    System.exit(0); // the shutdown hook closes the engine (flushes the database)
  }

  private static void awaitEndOfInput(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // the parent writes nothing; end of input is the only signal
      }
    } catch (IOException e) {
      // a broken pipe means the same as end of input: the parent is gone
    }
  }

  private static void close(Engine engine) {
    try {
      engine.close();
    } catch (Exception e) {
      System.err.println("callfarm-engine: stopping failed: " + e);
    }
  }
}
