package io.callfarm.farm.grid;

import static io.callfarm.engine.EngineHarness.user;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import io.callfarm.farm.Device;
import io.callfarm.farm.Farm;
import io.callfarm.farm.FarmConfig;
import io.callfarm.farm.Lease;
import io.callfarm.farm.appium.AppiumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/**
 * Appium through Selenium Grid: a Grid whose only node relays to the project's Appium server
 * ({@code [relay]}, DESIGN §7); the farm's appium pool has the Grid's URL, so the device it leases is
 * an Appium session the Grid routed. That device takes a call from a virtual device on the real engine.
 */
@Test(groups = "integration", timeOut = 120_000)
public class AppiumThroughGridIT {
  private static final Duration PROMPT = Duration.ofSeconds(10);
  /** What the web-client profile's sessions ask for (device-farm/profiles/web-client.yaml). */
  static final String STEREOTYPE = "{\"platformName\": \"linux\", \"browserName\": \"chrome\", "
      + "\"appium:automationName\": \"Chromium\"}";

  @Test
  public void appiumDeviceLeasedThroughTheGridTakesACall() throws Exception {
    String a = user("gridcaller");
    String b = user("gridphone");
    try (EngineHarness engine = new EngineHarness(PROMPT);
         AppiumServer appium = AppiumServer.start(Path.of("device-farm"), Duration.ofSeconds(30));
         SeleniumGrid grid = SeleniumGrid.startRelay(Path.of("target/grid"), appium.url(), 1,
             STEREOTYPE, Duration.ofSeconds(30))) {
      FarmConfig config = new FarmConfig("the Grid test's farm", List.of(
          new FarmConfig.Pool("virtual", "virtual", 1, "standard", null, null, Map.of()),
          new FarmConfig.Pool("phones-via-grid", "appium", 1, "standard", grid.url().toString(),
              "device-farm/profiles/web-client.yaml", Map.of())), 1, FarmConfig.DEVICES_PER_HOST);
      try (Farm farm = new Farm(config, engine.engine(), false, engine.dir().resolve("rec"));
           Lease phones = farm.lease("appium", 1, PROMPT, Duration.ofSeconds(30), false);
           Lease virtuals = farm.lease("virtual", 1, PROMPT, Duration.ofSeconds(5), false)) {
        Device phone = phones.devices().get(0);
        Device caller = virtuals.devices().get(0);
        phone.login(b);
        caller.login(a);
        caller.call(b);
        assertTrue(phone.events().await("onInvited(" + a + ",[],false)", PROMPT).isPresent(),
            "the Grid-routed phone was not invited: " + phone.events().signatures());
        phone.accept();
        assertTrue(caller.events().await("onUserEnter(" + b + ")", PROMPT).isPresent(),
            "caller saw " + caller.events().signatures());
        assertTrue(phone.events().await("onUserEnter(" + a + ")", PROMPT).isPresent(),
            "phone saw " + phone.events().signatures());
        caller.hangup();
        assertTrue(phone.events().await("onCallEnd", PROMPT).isPresent(),
            "phone saw " + phone.events().signatures());
      }
      // the session went through the Grid's relay to this Appium server
      assertTrue(grid.log().contains("Session created"), "the Grid created no session:\n"
          + grid.log());
      assertTrue(appium.log().contains("Chromium"), "Appium served no session:\n" + appium.log());
    }
    List<String> left = ProcessHandle.current().descendants()
        .map(p -> p.pid() + " " + p.info().command().orElse("?"))
        .filter(p -> p.contains("chrom") || p.contains("java") || p.contains("node")).toList();
    assertTrue(left.isEmpty(), "processes left running: " + left);
  }
}
