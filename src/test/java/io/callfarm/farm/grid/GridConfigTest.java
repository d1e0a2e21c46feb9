package io.callfarm.farm.grid;

import static org.testng.Assert.assertTrue;

import static org.testng.Assert.assertFalse;

import java.net.URI;
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

  @Test
  public void relayTomlBindsLoopbackAndRoutesOnlyToTheAppiumServer() throws Exception {
    String toml = SeleniumGrid.relayToml(45679, URI.create("http://127.0.0.1:4723/").toURL(), 2,
        AppiumThroughGridIT.STEREOTYPE);
    for (String line : new String[] {"host = \"127.0.0.1\"", "port = 45679", "detect-drivers = false",
        "[relay]", "url = \"http://127.0.0.1:4723\"", "status-endpoint = \"/status\"",
        "configs = [\"2\", '{\"platformName\": \"linux\""}) {
      assertTrue(toml.contains(line), "relay grid.toml lacks " + line + ":\n" + toml);
    }
    assertFalse(toml.contains("driver-configuration"), "a relay Grid has no local drivers:\n" + toml);
  }
}
