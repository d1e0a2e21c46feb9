package io.callfarm.farm.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link BrowserSession} starts Chromium.
 *
 * @param chromium the browser binary (Debian: {@code /usr/bin/chromium})
 * @param chromedriver the driver binary (Debian: {@code /usr/bin/chromedriver}); given explicitly so
 *     Selenium Manager never downloads one
 * @param fakeMicrophone a 16-bit PCM WAV the fake microphone plays in a loop, or null for Chromium's
 *     built-in beep
 * @param invitationTimeout the web client's invitation timeout ({@code ?timeout=ms})
 * @param startTimeout how long starting the browser and loading the client may take
 * @param actionTimeout how long a UI element may take to become clickable, and the default wait for
 *     events
 * @param width window width in CSS pixels (screenshots)
 * @param height window height in CSS pixels
 */
public record BrowserConfig(Path chromium, Path chromedriver, Path fakeMicrophone,
    Duration invitationTimeout, Duration startTimeout, Duration actionTimeout, int width, int height) {
  public static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path DEBIAN_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public BrowserConfig {
    for (Path binary : new Path[] {chromium, chromedriver}) {
      if (binary == null || !Files.isExecutable(binary)) {
        throw new IllegalArgumentException(binary + " is not an executable; install Chromium and its "
            + "driver: apt-get install -y chromium chromium-driver (device-farm/install-system-deps.sh)");
      }
    }
    if (fakeMicrophone != null && !Files.isRegularFile(fakeMicrophone)) {
      throw new IllegalArgumentException("fake microphone WAV " + fakeMicrophone + " does not exist");
    }
    if (invitationTimeout.isNegative() || invitationTimeout.isZero()) {
      throw new IllegalArgumentException("invitation timeout must be positive, got " + invitationTimeout);
    }
    if (width < 320 || height < 320) {
      throw new IllegalArgumentException("window must be at least 320x320, got " + width + "x" + height);
    }
  }

  /** Debian's Chromium, the built-in fake beep, a 30 s invitation timeout, a phone-sized window. */
  public static BrowserConfig defaults() {
    return new BrowserConfig(DEBIAN_CHROMIUM, DEBIAN_CHROMEDRIVER, null, Duration.ofSeconds(30),
        Duration.ofSeconds(20), Duration.ofSeconds(10), 480, 860);
  }

  public BrowserConfig withFakeMicrophone(Path wav) {
    return new BrowserConfig(chromium, chromedriver, wav, invitationTimeout, startTimeout,
        actionTimeout, width, height);
  }

  public BrowserConfig withInvitationTimeout(Duration timeout) {
    return new BrowserConfig(chromium, chromedriver, fakeMicrophone, timeout, startTimeout,
        actionTimeout, width, height);
  }
}
