package io.callfarm.farm.grid;

import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/** The generated grid.toml holds the settings DESIGN §7 verified. */
public class GridConfigTest {
  @Test
  public void tomlBindsLoopbackAndUsesDebiansChromiumWithoutDownloads() {
    String toml = SeleniumGrid.toml(45678, 2);
    for (String line : new String[] {"[server]", "host = \"127.0.0.1\"", "port = 45678",
        "detect-drivers = false", "selenium-manager = false", "[[node.driver-configuration]]",
        "webdriver-executable = \"/usr/bin/chromedriver\"", "\"browserName\": \"chrome\"",
        "\"platformName\": \"linux\"", "\"binary\": \"/usr/bin/chromium\"", "max-sessions = 2"}) {
      assertTrue(toml.contains(line), "grid.toml lacks " + line + ":\n" + toml);
    }
  }
}
