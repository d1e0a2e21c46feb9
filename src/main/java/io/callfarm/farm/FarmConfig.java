package io.callfarm.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code device-farm/farm.yaml}: the pools of devices a run may lease. Read once, validated with
 * messages that name the file and the pool.
 *
 * @param pools in file order
 * @param seed the network emulator's seed, so impaired runs repeat
 */
public record FarmConfig(List<Pool> pools, long seed) {
  /** The kinds of device the farm knows. */
  public static final Set<String> KINDS = Set.of("virtual", "browser", "appium");

  /**
   * One pool.
   *
   * @param url where the devices are reached: for browser {@code local} or a Selenium Grid URL, for
   *     appium {@code local}, the Appium server URL or a Selenium Grid URL whose relay routes the
   *     session to an Appium server
   * @param profile the device profile YAML (appium)
   * @param capabilities extra driver capabilities
   */
  public record Pool(String name, String kind, int count, String flavour, String url,
      String profile, Map<String, Object> capabilities) {}

  public static FarmConfig load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new FarmException(file + ": cannot read farm config: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("pools").isArray()
        || root.path("pools").isEmpty()) {
      throw new FarmException(file + ": needs a non-empty 'pools' list");
    }
    List<Pool> pools = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : root.get("pools")) {
      index++;
      String where = file + ": pool #" + index;
      String name = node.path("name").asText("");
      if (name.isEmpty()) {
        throw new FarmException(where + " needs a 'name'");
      }
      where = file + ": pool '" + name + "'";
      if (!names.add(name)) {
        throw new FarmException(where + " is declared twice (duplicate id)");
      }
      String kind = node.path("kind").asText("");
      if (!KINDS.contains(kind)) {
        throw new FarmException(where + ": unknown kind '" + kind + "' (use one of " + KINDS + ")");
      }
      int count = node.path("count").asInt(1);
      if (!node.path("count").isMissingNode() && (!node.path("count").isInt() || count < 1)) {
        throw new FarmException(where + ": count must be a positive integer");
      }
      String url = node.path("url").asText(null);
      if (kind.equals("appium") && (url == null || !(url.equals("local") || url.startsWith("http")))) {
        throw new FarmException(where + ": an appium pool needs 'url': local (the pinned Appium "
            + "server this farm starts) or an Appium server's http:// URL");
      }
      if (kind.equals("browser") && url != null && !url.equals("local") && !url.startsWith("http")) {
        throw new FarmException(where + ": 'url' must be 'local' or a Selenium Grid http URL");
      }
      String profile = node.path("profile").asText(null);
      if (kind.equals("appium") && profile == null) {
        throw new FarmException(where + ": an appium pool needs 'profile' (device-farm/profiles/*.yaml)");
      }
      Map<String, Object> caps = new LinkedHashMap<>();
      node.path("capabilities").fields().forEachRemaining(e -> caps.put(e.getKey(),
          new ObjectMapper().convertValue(e.getValue(), Object.class)));
      pools.add(new Pool(name, kind, count, node.path("flavour").asText("standard"), url, profile,
          caps));
    }
    return new FarmConfig(List.copyOf(pools), root.path("seed").asLong(1));
  }

  /** The default: virtual devices only. */
  public static FarmConfig virtualOnly(int count) {
    return new FarmConfig(List.of(new Pool("virtual", "virtual", count, "standard", null, null,
        Map.of())), 1);
  }

  public Pool pool(String kind) {
    return pools.stream().filter(p -> p.kind().equals(kind)).findFirst()
        .orElseThrow(() -> new FarmException("no '" + kind + "' pool in the farm config"));
  }
}
