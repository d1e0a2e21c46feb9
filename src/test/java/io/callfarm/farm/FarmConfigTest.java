package io.callfarm.farm;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testng.annotations.Test;

/** The farm file: what the pools hold, and needs they can never meet refused at once with the file named. */
public class FarmConfigTest {

  @Test
  public void theShippedFarmLoads() {
    FarmConfig config = FarmConfig.load(Path.of("device-farm/farm.yaml"));
    assertEquals(config.source(), "device-farm/farm.yaml");
    assertTrue(config.capacity("virtual") >= 9, "a nine-party call fits");
    assertEquals(config.devicesPerHost(), FarmConfig.DEVICES_PER_HOST);
  }

  @Test
  public void aNeedBeyondThePoolsIsRefusedNamingTheFile() throws IOException {
    Path file = farm("""
        pools:
          - {name: chromium, kind: browser, count: 2}
          - {name: more-chromium, kind: browser, count: 1}
          - {name: virtual, kind: virtual, count: 4}
        """);
    FarmConfig config = FarmConfig.load(file);
    assertEquals(config.capacity("browser"), 3);
    config.checkCapacity(Map.of("browser", 3, "virtual", 4), "s.yaml"); // exactly what the pools hold

    FarmException tooMany = expectThrows(FarmException.class,
        () -> config.checkCapacity(Map.of("browser", 4), "suites/x.yaml"));
    assertEquals(tooMany.code(), FarmException.Code.POOL_TOO_SMALL);
    assertEquals(tooMany.getMessage(), "suites/x.yaml needs 4 browser devices at once, but " + file + " holds 3 "
        + "(pools 'chromium' count 2, 'more-chromium' count 1); raise 'count' there or use fewer browser devices");

    FarmException none = expectThrows(FarmException.class,
        () -> config.checkCapacity(Map.of("appium", 1), "suites/y.yaml"));
    assertEquals(none.code(), FarmException.Code.NO_POOL);
    assertTrue(none.getMessage().contains(file + " has no appium pool"), none.getMessage());
  }

  @Test
  public void devicesPerHostIsAPositiveInteger() throws IOException {
    assertEquals(FarmConfig.load(farm("devicesPerHost: 3\npools: [{name: v, kind: virtual, count: 9}]\n"))
        .devicesPerHost(), 3);
    FarmException e = expectThrows(FarmException.class,
        () -> FarmConfig.load(farm("devicesPerHost: 0\npools: [{name: v, kind: virtual}]\n")));
    assertEquals(e.code(), FarmException.Code.CONFIG);
    assertTrue(e.getMessage().endsWith("devicesPerHost must be a positive integer"), e.getMessage());
  }

  private static Path farm(String yaml) throws IOException {
    Path file = Scratch.file("farm", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  public void aPoolsFlavourIsWhatItsDevicesRunAndNothingElseIsAccepted() throws IOException {
    assertEquals(FarmConfig.load(Path.of("device-farm/farm.yaml")).pool("virtual").flavour(), "ios-v4");
    assertEquals(FarmConfig.load(farm("pools: [{name: v, kind: virtual, count: 2, flavour: android-v4}]\n"))
        .pool("virtual").flavour(), "android-v4");
    assertEquals(FarmConfig.load(farm("pools: [{name: v, kind: virtual, count: 2}]\n")).pool("virtual").flavour(),
        "ios-v4", "none given: the reference flavour");
    assertEquals(FarmConfig.load(farm("pools: [{name: b, kind: browser, count: 1}]\n")).pool("browser").flavour(),
        "web");
    for (String[] bad : new String[][] {
        {"{name: v, kind: virtual, count: 2, flavour: standard}", "unknown flavour 'standard'"},
        {"{name: v, kind: virtual, count: 2, flavour: web}", "flavour 'web' is the browser client"},
        {"{name: b, kind: browser, count: 1, flavour: ios-v4}", "its flavour is 'web', not 'ios-v4'"},
        {"{name: a, kind: appium, count: 1, url: local, profile: p.yaml, flavour: ios-v4}", "remove 'flavour'"}}) {
      FarmException e = org.testng.Assert.expectThrows(FarmException.class,
          () -> FarmConfig.load(farm("pools: [" + bad[0] + "]\n")));
      org.testng.Assert.assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
      assertEquals(e.code(), FarmException.Code.CONFIG, e.getMessage());
    }
  }
}
