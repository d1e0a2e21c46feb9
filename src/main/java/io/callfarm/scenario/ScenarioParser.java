package io.callfarm.scenario;

import io.callfarm.engine.call.Flavour;
import io.callfarm.engine.net.Impairment;
import io.callfarm.farm.FarmConfig;
import io.callfarm.farm.MicSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads scenario files. The schema (the README's "Scenarios" section) is checked as it is read:
 * every error names {@code file:line} and what was expected there. Steps are short sentences:
 * {@code alice: call bob}, {@code expect: bob onInvited(alice,[],false) within 2000},
 * {@code expect: alice [onUserEnter(bob), onUserEnter(carol)] in any order},
 * {@code absent: alice onCallEnd for 500}, {@code wait: 300}, {@code exactly: bob [onInvited(...), ...]},
 * or a mapping for audio checks {@code audio: {device: bob, from: alice, maxMouthToEarMs: 400}}.
 */
public final class ScenarioParser {
  private static final Set<String> TOP_LEVEL = Set.of("name", "description", "timeout", "media",
      "devices", "groups", "steps");
  private static final Set<String> VERBS = Set.of("call", "groupCall", "accept", "reject", "hangup",
      "mute", "unmute", "handsFree", "login", "logout", "network", "mic");
  private static final long DEFAULT_WITHIN_MS = 5000;

  private Path file;

  public Scenario parse(Path scenarioFile) {
    this.file = scenarioFile;
    Node root;
    try (Reader reader = Files.newBufferedReader(scenarioFile)) {
      root = new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      throw new ScenarioException(scenarioFile + ":" + (e.getProblemMark().getLine() + 1)
          + ": not valid YAML: " + e.getProblem());
    } catch (IOException e) {
      throw new ScenarioException(scenarioFile + ": cannot read: " + e.getMessage());
    }
    if (!(root instanceof MappingNode top)) {
      throw error(root, "a scenario is a mapping with name, devices and steps");
    }
    Map<String, Node> fields = mapping(top);
    for (Map.Entry<String, Node> field : fields.entrySet()) {
      if (!TOP_LEVEL.contains(field.getKey())) {
        throw error(field.getValue(), "unknown key '" + field.getKey() + "' (allowed: " + TOP_LEVEL + ")");
      }
    }
    String name = scalar(required(top, fields, "name"), "name");
    String description = fields.containsKey("description")
        ? scalar(fields.get("description"), "description") : "";
    long timeout = fields.containsKey("timeout") ? number(fields.get("timeout"), "timeout") : 30_000;
    boolean media = fields.containsKey("media")
        && bool(fields.get("media"), "media");
    Map<String, Scenario.DeviceSpec> devices = devices(required(top, fields, "devices"));
    Map<String, List<String>> groups = fields.containsKey("groups")
        ? groups(fields.get("groups"), devices) : Map.of();
    List<Step> steps = steps(required(top, fields, "steps"), devices);
    return new Scenario(scenarioFile, name, description, timeout, media, devices, groups, steps);
  }

  private Map<String, Scenario.DeviceSpec> devices(Node node) {
    if (!(node instanceof MappingNode map) || map.getValue().isEmpty()) {
      throw error(node, "'devices' maps aliases to settings, e.g. alice: {mic: tone:1000}");
    }
    Map<String, Scenario.DeviceSpec> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String alias = scalar(tuple.getKeyNode(), "device alias");
      if (!alias.matches("[A-Za-z][A-Za-z0-9]{0,15}")) {
        throw error(tuple.getKeyNode(), "device alias '" + alias
            + "' must be 1-16 letters/digits starting with a letter");
      }
      if (out.containsKey(alias)) {
        throw error(tuple.getKeyNode(), "device '" + alias + "' is declared twice");
      }
      Map<String, Node> settings = tuple.getValueNode() instanceof MappingNode m ? mapping(m)
          : Map.of();
      if (!(tuple.getValueNode() instanceof MappingNode)
          && !(tuple.getValueNode() instanceof ScalarNode s && s.getValue().isEmpty())) {
        throw error(tuple.getValueNode(), "settings of '" + alias + "' must be a mapping (or empty)");
      }
      String kind = settings.containsKey("kind") ? scalar(settings.get("kind"), "kind") : "virtual";
      if (!FarmConfig.KINDS.contains(kind)) {
        throw error(settings.get("kind"), "unknown device kind '" + kind + "' (" + FarmConfig.KINDS + ")");
      }
      MicSpec mic = MicSpec.SILENCE;
      if (settings.containsKey("mic")) {
        try {
          mic = MicSpec.parse(scalar(settings.get("mic"), "mic"));
        } catch (IllegalArgumentException e) {
          throw error(settings.get("mic"), e.getMessage());
        }
      }
      String network = settings.containsKey("network") ? scalar(settings.get("network"), "network")
          : null;
      if (network != null) {
        checkProfile(settings.get("network"), network);
      }
      if (network != null && !kind.equals("virtual")) {
        throw error(settings.get("network"), "network profiles impair virtual devices only; '"
            + alias + "' is a " + kind + " device (impair the virtual side of its calls)");
      }
      if (settings.containsKey("mic") && kind.equals("appium")) {
        throw error(settings.get("mic"), "an Appium device's microphone is fixed by its session; "
            + "remove 'mic' from '" + alias + "'");
      }
      boolean online = !settings.containsKey("online") || bool(settings.get("online"), "online");
      for (String key : settings.keySet()) {
        if (!Set.of("kind", "mic", "network", "online", "flavour").contains(key)) {
          throw error(settings.get(key), "unknown device setting '" + key
              + "' (kind, mic, network, online, flavour)");
        }
      }
      out.put(alias, new Scenario.DeviceSpec(alias, kind, mic, network, online, flavour(settings, alias, kind)));
    }
    return out;
  }

  /**
   * A virtual device's flavour (null unless given: the farm's virtual pool decides, {@code ios-v4} by default); browser devices run the web client (they take
   * {@code flavour: web} or none), Appium devices the app their profile drives (none).
   */
  private Flavour flavour(Map<String, Node> settings, String alias, String kind) {
    if (!settings.containsKey("flavour")) {
      return null;
    }
    Node node = settings.get("flavour");
    String name = scalar(node, "flavour");
    if (kind.equals("browser")) {
      if (!name.equals(Flavour.WEB)) {
        throw error(node, "a browser device runs the web client: its flavour is 'web', not '" + name + "'");
      }
      return null;
    }
    if (kind.equals("appium")) {
      throw error(node, "an Appium device runs the app its profile drives; remove 'flavour' from '" + alias + "'");
    }
    try {
      return Flavour.of(name);
    } catch (IllegalArgumentException e) {
      throw error(node, e.getMessage());
    }
  }

  private Map<String, List<String>> groups(Node node, Map<String, Scenario.DeviceSpec> devices) {
    if (!(node instanceof MappingNode map)) {
      throw error(node, "'groups' maps a group id to its member aliases");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String groupId = scalar(tuple.getKeyNode(), "group id");
      if (!(tuple.getValueNode() instanceof SequenceNode members) || members.getValue().size() < 2) {
        throw error(tuple.getValueNode(), "group '" + groupId + "' needs a list of at least 2 members");
      }
      List<String> aliases = new ArrayList<>();
      for (Node member : members.getValue()) {
        aliases.add(device(member, scalar(member, "member"), devices));
      }
      out.put(groupId, aliases);
    }
    return out;
  }

  private List<Step> steps(Node node, Map<String, Scenario.DeviceSpec> devices) {
    if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      throw error(node, "'steps' is a non-empty list");
    }
    List<Step> out = new ArrayList<>();
    for (Node item : seq.getValue()) {
      if (!(item instanceof MappingNode map) || map.getValue().size() != 1) {
        throw error(item, "each step is one 'key: value' pair, e.g. '- alice: call bob'");
      }
      NodeTuple tuple = map.getValue().get(0);
      String key = scalar(tuple.getKeyNode(), "step");
      Node value = tuple.getValueNode();
      int line = item.getStartMark().getLine() + 1;
      out.add(switch (key) {
        case "expect" -> expect(value, line, devices);
        case "exactly" -> exactly(value, line, devices);
        case "absent" -> absent(value, line, devices);
        case "wait" -> new Step.Wait(line, number(value, "wait"));
        case "talking" -> talking(value, line, devices);
        case "audio" -> audio(value, line, devices);
        default -> action(tuple, line, devices);
      });
    }
    return out;
  }

  private Step action(NodeTuple tuple, int line, Map<String, Scenario.DeviceSpec> devices) {
    String device = scalar(tuple.getKeyNode(), "device");
    if (!devices.containsKey(device)) {
      throw error(tuple.getKeyNode(), "'" + device + "' is neither a step keyword (expect, exactly, "
          + "absent, wait, talking, audio) nor a declared device " + devices.keySet());
    }
    String text = scalar(tuple.getValueNode(), "action").trim();
    List<String> words = Arrays.asList(text.split("\\s+"));
    String verb = words.get(0);
    List<String> args = words.subList(1, words.size());
    Node at = tuple.getValueNode();
    if (!VERBS.contains(verb)) {
      throw error(at, "unknown action '" + verb + "' (" + VERBS + ")");
    }
    switch (verb) {
      case "call" -> {
        if (args.size() != 1) {
          throw error(at, "call takes one device: 'call bob'");
        }
        device(at, args.get(0), devices);
      }
      case "groupCall" -> {
        if (args.isEmpty() || args.size() == 2 || args.size() > 3
            || (args.size() == 3 && !args.get(1).equals("in"))) {
          throw error(at, "groupCall takes devices and an optional group: 'groupCall bob,carol in team'");
        }
        for (String member : args.get(0).split(",")) {
          device(at, member, devices);
        }
      }
      case "handsFree" -> {
        if (args.size() != 1 || !Set.of("on", "off").contains(args.get(0))) {
          throw error(at, "handsFree takes on or off");
        }
      }
      case "network" -> {
        if (args.size() != 1) {
          throw error(at, "network takes a profile: 'network lossy-10' or 'network delay=100,loss=5'");
        }
        checkProfile(at, args.get(0));
      }
      case "mic" -> {
        try {
          MicSpec.parse(String.join(" ", args));
        } catch (IllegalArgumentException e) {
          throw error(at, e.getMessage());
        }
      }
      default -> {
        if (!args.isEmpty()) {
          throw error(at, verb + " takes no arguments");
        }
      }
    }
    return new Step.Action(line, device, verb, List.copyOf(args));
  }

  private Step expect(Node value, int line, Map<String, Scenario.DeviceSpec> devices) {
    String text = scalar(value, "expect").trim();
    long within = DEFAULT_WITHIN_MS;
    Timed timed = trailingMillis(value, text, "within");
    if (timed != null) {
      within = timed.millis();
      text = timed.head();
    }
    int space = text.indexOf(' ');
    if (space < 0) {
      throw error(value, "expect needs a device and a callback: 'bob onInvited(alice,[],false)'");
    }
    String device = device(value, text.substring(0, space), devices);
    String rest = text.substring(space + 1).trim();
    boolean anyOrder = rest.endsWith(" in any order");
    if (anyOrder) {
      rest = rest.substring(0, rest.length() - " in any order".length()).trim();
      if (!rest.startsWith("[")) {
        throw error(value, "'in any order' follows a list: 'alice [onUserEnter(bob), onUserEnter(carol)] in any "
            + "order'");
      }
    }
    List<String> events = rest.startsWith("[") ? list(value, rest) : List.of(rest);
    if (events.isEmpty()) {
      throw error(value, "expect needs at least one callback");
    }
    events.forEach(e -> checkSignature(value, e));
    return new Step.Expect(line, device, events, anyOrder, within);
  }

  private Step exactly(Node value, int line, Map<String, Scenario.DeviceSpec> devices) {
    String text = scalar(value, "exactly").trim();
    int space = text.indexOf(' ');
    if (space < 0 || !text.substring(space + 1).trim().startsWith("[")) {
      throw error(value, "exactly needs a device and a list: 'bob [onInvited(alice,[],false), onCallEnd]'");
    }
    String device = device(value, text.substring(0, space), devices);
    List<String> events = list(value, text.substring(space + 1).trim());
    events.forEach(e -> checkSignature(value, e));
    return new Step.Exactly(line, device, events, 400);
  }

  private Step absent(Node value, int line, Map<String, Scenario.DeviceSpec> devices) {
    Timed timed = trailingMillis(value, scalar(value, "absent").trim(), "for");
    if (timed == null) {
      throw error(value, "absent needs a duration: 'alice onCallEnd for 500'");
    }
    String[] parts = timed.head().split("\\s+", 2);
    if (parts.length != 2) {
      throw error(value, "absent needs a device and a callback: 'alice onCallEnd for 500'");
    }
    checkSignature(value, parts[1]);
    return new Step.Absent(line, device(value, parts[0], devices), parts[1], timed.millis());
  }

  private Step talking(Node value, int line, Map<String, Scenario.DeviceSpec> devices) {
    Timed timed = trailingMillis(value, scalar(value, "talking").trim(), "within");
    if (timed == null) {
      throw error(value, "talking needs a device and a deadline: 'talking: alice within 8000'");
    }
    String alias = device(value, timed.head(), devices);
    if (!"virtual".equals(devices.get(alias).kind())) {
      throw error(value, "talking waits for a virtual device's microphone; " + alias + " is a "
          + devices.get(alias).kind() + " device (" + io.callfarm.farm.Device.UNOBSERVED_MIC + ")");
    }
    return new Step.Talking(line, alias, timed.millis());
  }

  /** A step's text split at its last {@code " <keyword> <ms>"}: what comes before, and the milliseconds. */
  private record Timed(String head, long millis) {}

  /** {@code text} split at its last {@code " <keyword> <ms>"}, or null when it has none. */
  private Timed trailingMillis(Node at, String text, String keyword) {
    String marker = " " + keyword + " ";
    int i = text.lastIndexOf(marker);
    if (i < 0) {
      return null;
    }
    return new Timed(text.substring(0, i).trim(), parseLong(at, text.substring(i + marker.length()).trim(), keyword));
  }

  private Step audio(Node value, int line, Map<String, Scenario.DeviceSpec> devices) {
    if (!(value instanceof MappingNode map)) {
      throw error(value, "audio takes a mapping: {device: bob, from: alice, maxMouthToEarMs: 400, minMos: 3}");
    }
    Map<String, Node> fields = mapping(map);
    for (String key : fields.keySet()) {
      if (!Set.of("device", "from", "maxMouthToEarMs", "minMos", "maxMos", "silent", "audible")
          .contains(key)) {
        throw error(fields.get(key), "unknown audio check '" + key
            + "' (device, from, maxMouthToEarMs, minMos, maxMos, silent, audible)");
      }
    }
    String device = device(value, scalar(required(map, fields, "device"), "device"), devices);
    String from = device(value, scalar(required(map, fields, "from"), "from"), devices);
    Double maxDelay = fields.containsKey("maxMouthToEarMs")
        ? (double) number(fields.get("maxMouthToEarMs"), "maxMouthToEarMs") : null;
    Double minMos = fields.containsKey("minMos") ? mos(fields.get("minMos"), "minMos") : null;
    Double maxMos = fields.containsKey("maxMos") ? mos(fields.get("maxMos"), "maxMos") : null;
    if (minMos != null && maxMos != null && minMos >= maxMos) {
      throw error(fields.get("maxMos"), "maxMos " + maxMos + " must be above minMos " + minMos);
    }
    boolean silent = fields.containsKey("silent") && bool(fields.get("silent"), "silent");
    boolean audible = fields.containsKey("audible") && bool(fields.get("audible"), "audible");
    if (maxDelay == null && minMos == null && maxMos == null && !silent && !audible) {
      throw error(value, "an audio check needs maxMouthToEarMs, minMos, maxMos, silent: true or audible: true");
    }
    return new Step.Audio(line, device, from, maxDelay, minMos, maxMos, silent, audible);
  }

  /**
   * A MOS bound: strictly inside the P.862.2 scale's range (1.02..4.64), so it can fail in both directions; a bound
   * at or beyond the floor or ceiling would be guaranteed by the model's clamp and check nothing.
   */
  private double mos(Node node, String field) {
    double v = decimal(node, field);
    if (v <= 1.1 || v >= 4.6) {
      throw error(node, field + " " + v + " is not a gate: MOS-LQO lies in 1.02..4.64, so a bound must lie "
          + "within 1.1..4.6 exclusive (anything else the model's clamp guarantees)");
    }
    return v;
  }

  private void checkProfile(Node at, String profile) {
    try {
      Impairment.parse(profile);
    } catch (IllegalArgumentException e) {
      throw error(at, "network profile '" + profile + "': " + e.getMessage());
    }
  }

  private void checkSignature(Node at, String signature) {
    if (!signature.matches("on[A-Z][A-Za-z]*(\\(.*\\))?")) {
      throw error(at, "'" + signature + "' is not a callback like onUserEnter(bob) or onCallEnd");
    }
  }

  private List<String> list(Node at, String text) {
    if (!text.startsWith("[") || !text.endsWith("]")) {
      throw error(at, "expected a list [a, b, ...], got '" + text + "'");
    }
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.substring(1, text.length() - 1).toCharArray()) {
      if (c == ',' && depth == 0) {
        out.add(current.toString().trim());
        current.setLength(0);
        continue;
      }
      depth += (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
      current.append(c);
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().trim());
    }
    return out;
  }

  private String device(Node at, String alias, Map<String, Scenario.DeviceSpec> devices) {
    if (!devices.containsKey(alias)) {
      throw error(at, "'" + alias + "' is not a declared device " + devices.keySet());
    }
    return alias;
  }

  private static Map<String, Node> mapping(MappingNode map) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key) {
        out.put(key.getValue(), tuple.getValueNode());
      }
    }
    return out;
  }

  private Node required(Node parent, Map<String, Node> fields, String key) {
    Node node = fields.get(key);
    if (node == null) {
      throw error(parent, "missing '" + key + "'");
    }
    return node;
  }

  private String scalar(Node node, String what) {
    if (!(node instanceof ScalarNode s)) {
      throw error(node, what + " must be a single value");
    }
    return s.getValue();
  }

  private long number(Node node, String what) {
    return parseLong(node, scalar(node, what), what);
  }

  private double decimal(Node node, String what) {
    try {
      return Double.parseDouble(scalar(node, what));
    } catch (NumberFormatException e) {
      throw error(node, what + " must be a number");
    }
  }

  private boolean bool(Node node, String what) {
    String text = scalar(node, what);
    if (!text.equals("true") && !text.equals("false")) {
      throw error(node, what + " must be true or false");
    }
    return text.equals("true");
  }

  private long parseLong(Node at, String text, String what) {
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw error(at, what + " must not be negative");
      }
      return value;
    } catch (NumberFormatException e) {
      throw error(at, what + " must be a whole number of milliseconds, got '" + text + "'");
    }
  }

  private ScenarioException error(Node at, String message) {
    int line = at == null ? 0 : at.getStartMark().getLine() + 1;
    return new ScenarioException(file + ":" + line + ": " + message);
  }
}
