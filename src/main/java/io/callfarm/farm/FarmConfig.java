package io.callfarm.farm;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.call.Flavour;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callfarm.farm.FarmException.Code;
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
 * @param source the file it was read from (named in every refusal), or a description of a built-in farm
 * @param pools in file order
 * @param seed the network emulator's seed, so impaired runs repeat
 * @param devicesPerHost how many virtual devices with media one device host (child JVM) runs at once; 9 by
 *     default, so the largest call the component allows keeps its media in one process
 */
public record FarmConfig(String source, List<Pool> pools, long seed, int devicesPerHost) {
  /** The default of {@code devicesPerHost}. */
  public static final int DEVICES_PER_HOST = 9;

  /** The kinds of device the farm knows. */
  public static final Set<String> KINDS = Set.of("virtual", "browser", "appium");

  /**
   * One pool.
   *
   * @param url where the devices are reached: for browser {@code local} or a Selenium Grid URL, for
   *     appium {@code local}, the Appium server URL or a Selenium Grid URL whose relay routes the
   *     session to an Appium server
   * @param flavour what its devices run: for virtual the call component's flavour when a scenario names none
   *     ({@code ios-v4} unless given), {@code web} for browser, null for appium (the app its profile drives)
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
      throw new FarmException(Code.CONFIG, file + ": cannot read farm config: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("pools").isArray()
        || root.path("pools").isEmpty()) {
      throw new FarmException(Code.CONFIG, file + ": needs a non-empty 'pools' list");
    }
    List<Pool> pools = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : root.get("pools")) {
      index++;
      String where = file + ": pool #" + index;
      String name = node.path("name").asText("");
      if (name.isEmpty()) {
        throw new FarmException(Code.CONFIG, where + " needs a 'name'");
      }
      where = file + ": pool '" + name + "'";
      if (!names.add(name)) {
        throw new FarmException(Code.CONFIG, where + " is declared twice (duplicate id)");
      }
      String kind = node.path("kind").asText("");
      if (!KINDS.contains(kind)) {
        throw new FarmException(Code.CONFIG, where + ": unknown kind '" + kind + "' (use one of " + KINDS + ")");
      }
      int count = node.path("count").asInt(1);
      if (!node.path("count").isMissingNode() && (!node.path("count").isInt() || count < 1)) {
        throw new FarmException(Code.CONFIG, where + ": count must be a positive integer");
      }
      String url = node.path("url").asText(null);
      if (kind.equals("appium") && (url == null || !(url.equals("local") || url.startsWith("http")))) {
        throw new FarmException(Code.CONFIG, where + ": an appium pool needs 'url': local (the pinned Appium "
            + "server this farm starts) or an Appium server's http:// URL");
      }
      if (kind.equals("browser") && url != null && !url.equals("local") && !url.startsWith("http")) {
        throw new FarmException(Code.CONFIG, where + ": 'url' must be 'local' or a Selenium Grid http URL");
      }
      String profile = node.path("profile").asText(null);
      if (kind.equals("appium") && profile == null) {
        throw new FarmException(Code.CONFIG, where + ": an appium pool needs 'profile' (device-farm/profiles/*.yaml)");
      }
      Map<String, Object> caps = new LinkedHashMap<>();
      node.path("capabilities").fields().forEachRemaining(e -> caps.put(e.getKey(),
          new ObjectMapper().convertValue(e.getValue(), Object.class)));
      pools.add(new Pool(name, kind, count, poolFlavour(where, kind, node.path("flavour")), url, profile,
          caps));
    }
    JsonNode perHost = root.path("devicesPerHost");
    if (!perHost.isMissingNode() && (!perHost.isInt() || perHost.asInt() < 1)) {
      throw new FarmException(Code.CONFIG, file + ": devicesPerHost must be a positive integer");
    }
    return new FarmConfig(file.toString(), List.copyOf(pools), root.path("seed").asLong(1),
        perHost.asInt(DEVICES_PER_HOST));
  }

  /**
   * A pool's {@code flavour}: for virtual devices the call component's flavour they run when a scenario names
   * none ({@code ios-v4} by default); browser devices run the web client ({@code web} or nothing); Appium devices
   * the app their profile drives (nothing).
   */
  private static String poolFlavour(String where, String kind, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return kind.equals("virtual") ? Flavour.IOS_V4.id() : kind.equals("browser") ? Flavour.WEB : null;
    }
    String name = node.asText();
    if (kind.equals("virtual")) {
      try {
        return Flavour.of(name).id();
      } catch (IllegalArgumentException e) {
        throw new FarmException(Code.CONFIG, where + ": " + e.getMessage());
      }
    }
    if (kind.equals("browser") && name.equals(Flavour.WEB)) {
      return Flavour.WEB;
    }
    throw new FarmException(Code.CONFIG, where + ": " + (kind.equals("browser")
        ? "a browser pool runs the web client: its flavour is 'web', not '" + name + "'"
        : "an appium pool runs the app its profile drives; remove 'flavour'"));
  }

  /** The default: virtual devices only. */
  public static FarmConfig virtualOnly(int count) {
    return new FarmConfig("the built-in farm of " + count + " virtual devices",
        List.of(new Pool("virtual", "virtual", count, Flavour.IOS_V4.id(), null, null, Map.of())), 1,
        DEVICES_PER_HOST);
  }

  public Pool pool(String kind) {
    return pools.stream().filter(p -> p.kind().equals(kind)).findFirst()
        .orElseThrow(() -> new FarmException(Code.NO_POOL, source + " has no '" + kind + "' pool (pools: "
            + pools.stream().map(p -> p.name() + " (" + p.kind() + ")").toList() + ")"));
  }

  /** How many devices of {@code kind} the pools hold together (0 when none). */
  public int capacity(String kind) {
    return pools.stream().filter(p -> p.kind().equals(kind)).mapToInt(Pool::count).sum();
  }

  /**
   * Refuses at once a need the pools can never meet, however long one waits.
   *
   * @param needs devices per kind wanted at the same time
   * @param who what needs them, e.g. a scenario file, for the message
   * @throws FarmException {@link Code#NO_POOL} or {@link Code#POOL_TOO_SMALL}, naming this file and its pools
   */
  public void checkCapacity(Map<String, Integer> needs, String who) {
    for (Map.Entry<String, Integer> need : needs.entrySet()) {
      String kind = need.getKey();
      int capacity = capacity(kind);
      List<String> pools = this.pools.stream().filter(p -> p.kind().equals(kind))
          .map(p -> "'" + p.name() + "' count " + p.count()).toList();
      if (capacity == 0) {
        throw new FarmException(Code.NO_POOL, who + " needs " + need.getValue() + " " + kind + " device(s), but "
            + source + " has no " + kind + " pool; add one there");
      }
      if (need.getValue() > capacity) {
        throw new FarmException(Code.POOL_TOO_SMALL, who + " needs " + need.getValue() + " " + kind
            + " devices at once, but " + source + " holds " + capacity + " (pool" + (pools.size() > 1 ? "s " : " ")
            + String.join(", ", pools) + "); raise 'count' there or use fewer " + kind + " devices");
      }
    }
  }
}
