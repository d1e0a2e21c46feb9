package io.callfarm.farm.browser;

import static org.testng.Assert.assertTrue;

import io.callfarm.farm.appium.DeviceProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** The Appium web-client profile starts Chromium with the same verified flags as browser devices. */
public class WebClientProfileTest {
  @Test
  public void profileCarriesEveryVerifiedChromiumFlag() {
    DeviceProfile profile = DeviceProfile.load(Path.of("device-farm/profiles/web-client.yaml"));
    @SuppressWarnings("unchecked")
    List<String> args = (List<String>) ((Map<String, Object>) profile.capabilities()
        .get("goog:chromeOptions")).get("args");
    for (String flag : ChromiumFlags.VERIFIED) {
      assertTrue(args.contains(flag), "web-client.yaml lacks the verified flag " + flag);
    }
  }
}
