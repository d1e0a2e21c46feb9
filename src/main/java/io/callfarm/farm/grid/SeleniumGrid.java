package io.callfarm.farm.grid;

import io.callfarm.farm.FarmException;
import io.callfarm.farm.ServerProcess;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Selenium Grid 4 standalone (router + distributor + one node) as a child process, so browser
 * sessions are routed through a Grid URL exactly as across hosts. Runs the Grid's own jars
 * ({@code target/grid/}, device-farm/install-grid.sh) on their own classpath - its Selenium differs
 * from the client's - with a generated {@code grid.toml} (DESIGN §7): 127.0.0.1, a free port, no driver
 * detection or Selenium Manager, one chromedriver driver-configuration with Debian's Chromium. Ready
 * when {@link #start} returns ({@code /status} ready); {@link #close()} stops it and its browsers.
 * {@link #startRelay} starts one that routes Appium sessions to an Appium server instead.
 */
public final class SeleniumGrid implements AutoCloseable {
  private final ServerProcess process;
  private final Path config;

  private SeleniumGrid(ServerProcess process, Path config) {
    this.process = process;
    this.config = config;
  }

  /**
   * Starts a standalone Grid.
   *
   * @param gridJars the folder of the Grid's jars ({@code target/grid})
   * @param maxSessions how many browsers the node runs at once
   * @throws FarmException when the jars are missing (run device-farm/install-grid.sh) or the Grid is
   *     not ready within {@code timeout}
   */
  public static SeleniumGrid start(Path gridJars, int maxSessions, Duration timeout) throws IOException {
    int port = ServerProcess.freePort();
    return start(gridJars, port, toml(port, maxSessions), timeout);
  }

  /**
   * Starts a standalone Grid whose only slots relay to an Appium server (DESIGN §7: a {@code [relay]}
   * section), so Appium sessions created at {@link #url()} run on that server.
   *
   * @param appium the Appium server's URL, e.g. {@code http://127.0.0.1:4723}
   * @param sessions how many sessions the relay takes at once
   * @param stereotype the capabilities a session must ask for to be routed there, as JSON
   */
  public static SeleniumGrid startRelay(Path gridJars, URL appium, int sessions, String stereotype,
      Duration timeout) throws IOException {
    int port = ServerProcess.freePort();
    return start(gridJars, port, relayToml(port, appium, sessions, stereotype), timeout);
  }

  private static SeleniumGrid start(Path gridJars, int port, String config, Duration timeout)
      throws IOException {
    if (!Files.isDirectory(gridJars) || !Files.exists(gridJars.resolve("selenium-grid-4.48.0.jar"))) {
      throw new FarmException("Selenium Grid jars missing in " + gridJars
          + "; run: bash device-farm/install-grid.sh");
    }
    Path dir = Files.createTempDirectory("callfarm-grid-");
    dir.toFile().deleteOnExit();
    Path toml = Files.writeString(dir.resolve("grid.toml"), config);
    toml.toFile().deleteOnExit();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    URI base = URI.create("http://127.0.0.1:" + port);
    ServerProcess process = ServerProcess.start("selenium-grid", List.of(java.toString(), "-cp",
        gridJars.toAbsolutePath() + "/*", "org.openqa.selenium.grid.Main", "standalone", "--config",
        toml.toString()), dir, Map.of(), base, timeout);
    return new SeleniumGrid(process, toml);
  }

  /** The Grid configuration for {@code port} (DESIGN §7). */
  static String toml(int port, int maxSessions) {
    return String.join("\n",
        "[server]",
        "host = \"127.0.0.1\"",
        "port = " + port,
        "",
        "[node]",
        "detect-drivers = false",
        "selenium-manager = false",
        "max-sessions = " + maxSessions,
        "",
        "[[node.driver-configuration]]",
        "display-name = \"chromium\"",
        "webdriver-executable = \"/usr/bin/chromedriver\"",
        "max-sessions = " + maxSessions,
        "stereotype = '{\"browserName\": \"chrome\", \"platformName\": \"linux\", "
            + "\"goog:chromeOptions\": {\"binary\": \"/usr/bin/chromium\"}}'",
        "");
  }

  /**
   * A Grid on 127.0.0.1:{@code port} with no local drivers and one relay node to {@code appium}
   * (its {@code /status} is the relay's health check).
   */
  static String relayToml(int port, URL appium, int sessions, String stereotype) {
    return String.join("\n",
        "[server]",
        "host = \"127.0.0.1\"",
        "port = " + port,
        "",
        "[node]",
        "detect-drivers = false",
        "selenium-manager = false",
        "max-sessions = " + sessions,
        "",
        "[relay]",
        "url = \"" + appium.toString().replaceAll("/$", "") + "\"",
        "status-endpoint = \"/status\"",
        "configs = [\"" + sessions + "\", '" + stereotype + "']",
        "");
  }

  /** The Grid's URL, where {@code RemoteWebDriver} sessions are created. */
  public URL url() {
    try {
      return process.base().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The generated {@code grid.toml}. */
  public Path config() {
    return config;
  }

  /** The Grid's log so far (kept after {@link #close()}). */
  public String log() {
    return process.output();
  }

  /** The file holding {@link #log()}, to attach to a report. */
  public Path logFile() {
    return process.outputFile();
  }

  /** Stops the Grid and every process it started; see {@link ServerProcess#close()}. */
  @Override
  public void close() {
    process.close();
  }
}
