package io.callfarm.interop;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.Flavour;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What matrix cells run on: an engine of their own, the client runtime of the Java flavours' components and,
 * when the web client takes part, a pool of browsers; {@link #party} makes a party of any flavour. Closing
 * stops the browsers, the runtime and the engine.
 */
final class MatrixParties implements AutoCloseable {
  /** Invitation timeout of every matrix party: short, so the timeout scenarios stay quick. */
  static final Duration TIMEOUT = Duration.ofSeconds(4);
  /** Browsers of the web client kept for the cells: the largest scenario has four parties. */
  static final int BROWSERS = 4;

  private final Engine engine;
  private final ClientRuntime runtime;
  private final BrowserPool browsers;

  /**
   * @param database the engine's database file (created)
   * @param web      whether web-client parties will be asked for
   */
  MatrixParties(Path database, boolean web) throws Exception {
    engine = Engine.start(EngineConfig.defaults(database));
    ClientRuntime started = null;
    try {
      started = ClientRuntime.start(2);
      browsers = web ? new BrowserPool(engine.webUri(), TIMEOUT, BROWSERS) : null;
    } catch (Exception | Error e) {
      if (started != null) {
        started.close();
      }
      engine.close();
      throw e;
    }
    runtime = started;
  }

  /** A new party of {@code flavour}, not logged in; the caller closes it. */
  Party party(String flavour) {
    try {
      if (Flavour.WEB.equals(flavour)) {
        if (browsers == null) {
          throw new IllegalStateException("this matrix was started without the web client");
        }
        return new WebParty(browsers);
      }
      return new ComponentParty(engine, runtime, Flavour.of(flavour), TIMEOUT);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start a " + flavour + " party: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (browsers != null) {
        browsers.close();
      }
    } finally {
      try {
        runtime.close();
      } finally {
        engine.close();
      }
    }
  }
}
