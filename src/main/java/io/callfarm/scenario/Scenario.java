package io.callfarm.scenario;

import io.callfarm.engine.call.Flavour;
import io.callfarm.farm.MicSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed scenario file.
 *
 * @param timeoutMs the invitation timeout of its devices (the product's 30000 unless shortened)
 * @param media whether its devices carry real audio
 * @param devices alias to the device's settings, in file order
 * @param groups IM groups to create before the steps: group id to member aliases (the first owns it)
 */
public record Scenario(Path file, String name, String description, long timeoutMs, boolean media,
    Map<String, DeviceSpec> devices, Map<String, List<String>> groups, List<Step> steps) {

  /**
   * A device of the scenario: its alias, kind, microphone, network profile name (or null), whether
   * it logs in before the first step ({@code online: false} keeps it offline until a login step) and, for a
   * virtual device, the call component's flavour (null for browser and Appium devices, which run their own).
   */
  public record DeviceSpec(String alias, String kind, MicSpec mic, String network, boolean online,
      Flavour flavour) {}
}
