package io.callfarm.farm.appium;

import io.callfarm.farm.FarmException;
import io.callfarm.farm.ServerProcess;
import java.net.URI;
import java.net.URL;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The project's pinned Appium server (device-farm/package.json: appium 3.8.0 with its Chromium driver
 * in {@code device-farm/.appium}, DESIGN §7) as a child process on 127.0.0.1 and a free port. Ready
 * when {@link #start} returns ({@code /status} ready, ~1 s); {@link #close()} stops it and every
 * process it started (chromedrivers, browsers). Its log is kept for the report ({@link #log()}).
 */
public final class AppiumServer implements AutoCloseable {
  private final ServerProcess process;

  private AppiumServer(ServerProcess process) {
    this.process = process;
  }

  /**
   * Starts Appium from {@code deviceFarm} (the project's {@code device-farm/} folder).
   *
   * @throws FarmException when Appium is not installed (run device-farm/install-appium.sh) or not
   *     ready within {@code timeout}
   */
  public static AppiumServer start(Path deviceFarm, Duration timeout) {
    Path appium = deviceFarm.resolve("node_modules/.bin/appium").toAbsolutePath();
    Path home = deviceFarm.resolve(".appium").toAbsolutePath();
    if (!Files.isRegularFile(appium)
        || !Files.exists(home.resolve("node_modules/appium-chromium-driver/package.json"))) {
      throw new FarmException("Appium or its chromium driver is not installed under " + deviceFarm
          + "; run: bash device-farm/install-appium.sh");
    }
    int port = ServerProcess.freePort();
    URI base = URI.create("http://127.0.0.1:" + port);
    return new AppiumServer(ServerProcess.start("appium", List.of("node", appium.toString(),
        "--address", "127.0.0.1", "--port", String.valueOf(port), "--log-no-colors",
        "--log-timestamp"), deviceFarm, Map.of("APPIUM_HOME", home.toString()), base, timeout));
  }

  /** {@code http://127.0.0.1:<port>}, what {@code AppiumDriver} connects to. */
  public URL url() {
    try {
      return process.base().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appium's log so far (kept after {@link #close()}). */
  public String log() {
    return process.output();
  }

  /** The file holding {@link #log()}, to attach to a report. */
  public Path logFile() {
    return process.outputFile();
  }

  /** Stops Appium and everything it started; see {@link ServerProcess#close()}. */
  @Override
  public void close() {
    process.close();
  }
}
