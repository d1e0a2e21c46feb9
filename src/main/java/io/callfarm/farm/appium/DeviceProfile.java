package io.callfarm.farm.appium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callfarm.farm.FarmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A device profile ({@code device-farm/profiles/*.yaml}): what an Appium device needs to drive one app
 * - the session capabilities, each call action as UI steps on locators, and each callback as a pattern
 * over the device's log. Loaded once and validated: an unknown action or callback, a step without a
 * locator, a bad regex or a placeholder the action does not have is reported with the file and the
 * place. Values may hold {@code ${variables}}: actions their own (see {@link #ACTIONS}), capabilities
 * and {@code launch} the session settings given to {@link AppiumDevice#open}.
 *
 * @param logType the log callbacks are read from, e.g. {@code browser}, {@code logcat}, {@code syslog}
 * @param capabilities the session's capabilities, unresolved
 * @param actions action name to its steps, in file order
 * @param callbacks in file order; the first matching pattern wins for a log line
 */
public record DeviceProfile(String name, String source, String logType, Map<String, Object> capabilities,
    Map<String, List<Step>> actions, List<CallbackPattern> callbacks) {
  /** Every action a profile may define, with the variables its steps may use. */
  public static final Map<String, Set<String>> ACTIONS = knownActions();
  /** Actions every profile must define (the rest are optional: the device refuses them). */
  public static final Set<String> REQUIRED_ACTIONS = Set.of("login", "call", "accept", "reject",
      "hangup");
  /** Callbacks every profile must recognise. */
  public static final Set<String> REQUIRED_CALLBACKS = Set.of("onInvited", "onUserEnter",
      "onUserLeave", "onReject", "onCallEnd");
  static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

  private static Map<String, Set<String>> knownActions() {
    Map<String, Set<String>> all = new LinkedHashMap<>();
    all.put("launch", Set.of());
    all.put("login", Set.of("userId"));
    all.put("logout", Set.of());
    all.put("call", Set.of("userId"));
    all.put("groupCall", Set.of("userIds", "groupId"));
    all.put("accept", Set.of());
    all.put("reject", Set.of());
    all.put("hangup", Set.of());
    all.put("setMicMute", Set.of("on"));
    all.put("setHandsFree", Set.of("on"));
    return Map.copyOf(all);
  }

  public static DeviceProfile load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new FarmException(file + ": cannot read device profile: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates profile YAML.
   *
   * @param source names the profile in messages, e.g. its file
   * @throws FarmException saying what is wrong and where
   */
  public static DeviceProfile parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new FarmException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FarmException(source + ": a device profile is a mapping with name, logType, "
          + "capabilities, actions and callbacks");
    }
    String name = text(root, "name", source);
    String logType = text(root, "logType", source);
    if (!root.path("capabilities").isObject() || root.path("capabilities").isEmpty()) {
      throw new FarmException(source + ": needs 'capabilities' (at least platformName and "
          + "appium:automationName)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> caps = new ObjectMapper().convertValue(root.get("capabilities"), Map.class);
    return new DeviceProfile(name, source, logType, Map.copyOf(caps), actions(root, source),
        callbacks(root, source));
  }

  /** The steps of {@code action}, or null when the profile does not define it. */
  public List<Step> steps(String action) {
    return actions.get(action);
  }

  /** The {@code ${variables}} the capabilities and {@code launch} use: the session settings needed. */
  public Set<String> settingsUsed() {
    Set<String> used = new LinkedHashSet<>();
    collectVariables(capabilities, used);
    for (Step step : actions.getOrDefault("launch", List.of())) {
      collectVariables(step.text(), used);
      if (step.locator() != null) {
        collectVariables(step.locator().value(), used);
      }
    }
    return used;
  }

  private static Map<String, List<Step>> actions(JsonNode root, String source) {
    JsonNode node = root.path("actions");
    if (!node.isObject()) {
      throw new FarmException(source + ": needs 'actions' mapping each call action to its steps");
    }
    Map<String, List<Step>> actions = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String action = e.getKey();
      String where = source + ": action '" + action + "'";
      if (!ACTIONS.containsKey(action)) {
        throw new FarmException(where + " is unknown (use " + ACTIONS.keySet() + ")");
      }
      if (!e.getValue().isArray() || e.getValue().isEmpty()) {
        throw new FarmException(where + " needs a non-empty list of steps");
      }
      List<Step> steps = new ArrayList<>();
      int index = 0;
      for (JsonNode stepNode : e.getValue()) {
        index++;
        Step step = step(stepNode, where + " step " + index);
        if (!action.equals("launch")) {
          checkVariables(step, ACTIONS.get(action), where + " step " + index);
        }
        steps.add(step);
      }
      actions.put(action, List.copyOf(steps));
    }
    for (String required : REQUIRED_ACTIONS) {
      if (!actions.containsKey(required)) {
        throw new FarmException(source + ": missing required action '" + required + "' (required: "
            + REQUIRED_ACTIONS + ")");
      }
    }
    return Map.copyOf(actions);
  }

  private static Step step(JsonNode node, String where) {
    if (!node.isObject() || node.size() != 1) {
      throw new FarmException(where + ": a step is one of " + Step.KINDS + " with its locator, e.g. "
          + "'- tap: {id: accept-button}'");
    }
    String kind = node.fieldNames().next();
    JsonNode body = node.get(kind);
    if (!Step.KINDS.contains(kind)) {
      throw new FarmException(where + ": unknown step '" + kind + "' (use one of " + Step.KINDS + ")");
    }
    if (kind.equals("open")) {
      if (!body.isTextual() || body.asText().isBlank()) {
        throw new FarmException(where + ": 'open' needs a URL");
      }
      return new Step(kind, null, body.asText(), null);
    }
    Locator locator = locator(body, where + " (" + kind + ")");
    return switch (kind) {
      case "type" -> new Step(kind, locator, required(body, "text", where + " (type)"), null);
      case "toggle" -> new Step(kind, locator, required(body, "to", where + " (toggle)"),
          required(body, "attribute", where + " (toggle)"));
      default -> new Step(kind, locator, null, null);
    };
  }

  private static Locator locator(JsonNode body, String where) {
    List<String> given = new ArrayList<>();
    if (body.isObject()) {
      body.fieldNames().forEachRemaining(f -> {
        if (Locator.STRATEGIES.contains(f)) {
          given.add(f);
        }
      });
    }
    if (given.size() != 1) {
      throw new FarmException(where + ": missing locator: give exactly one of " + Locator.STRATEGIES
          + (given.isEmpty() ? "" : ", not " + given));
    }
    String value = body.get(given.get(0)).asText("");
    if (value.isBlank()) {
      throw new FarmException(where + ": locator '" + given.get(0) + "' is empty");
    }
    return new Locator(given.get(0), value);
  }

  private static String required(JsonNode body, String field, String where) {
    if (!body.path(field).isValueNode()) {
      throw new FarmException(where + ": needs '" + field + "'");
    }
    return body.get(field).asText();
  }

  private static void checkVariables(Step step, Set<String> allowed, String where) {
    Set<String> used = new LinkedHashSet<>();
    collectVariables(step.text(), used);
    if (step.locator() != null) {
      collectVariables(step.locator().value(), used);
    }
    for (String variable : used) {
      if (!allowed.contains(variable)) {
        throw new FarmException(where + ": uses ${" + variable + "}, which this action does not have"
            + (allowed.isEmpty() ? " (it has none)" : " (it has " + allowed + ")"));
      }
    }
  }

  private static List<CallbackPattern> callbacks(JsonNode root, String source) {
    JsonNode node = root.path("callbacks");
    if (!node.isObject()) {
      throw new FarmException(source + ": needs 'callbacks' mapping each callback to a log pattern");
    }
    List<CallbackPattern> callbacks = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String callback = e.getKey();
      String where = source + ": callback '" + callback + "'";
      Integer arity = CallbackPattern.ARITY.get(callback);
      if (arity == null) {
        throw new FarmException(where + " is unknown (use " + CallbackPattern.ARITY.keySet() + ")");
      }
      if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
        throw new FarmException(where + " needs a regex (a string)");
      }
      Pattern pattern;
      try {
        pattern = Pattern.compile(e.getValue().asText());
      } catch (PatternSyntaxException ex) {
        throw new FarmException(where + ": bad regex: " + ex.getDescription() + " near index "
            + ex.getIndex() + " of " + ex.getPattern(), ex);
      }
      int groups = pattern.matcher("").groupCount();
      if (groups != arity) {
        throw new FarmException(where + ": the callback has " + arity + " argument(s) but the regex "
            + "captures " + groups + " group(s); capture each argument once, use (?:...) otherwise");
      }
      callbacks.add(new CallbackPattern(callback, pattern));
    }
    for (String required : REQUIRED_CALLBACKS) {
      if (callbacks.stream().noneMatch(c -> c.callback().equals(required))) {
        throw new FarmException(source + ": missing required callback '" + required + "' (required: "
            + REQUIRED_CALLBACKS + ")");
      }
    }
    return List.copyOf(callbacks);
  }

  private static String text(JsonNode root, String field, String source) {
    String value = root.path(field).asText("");
    if (value.isBlank()) {
      throw new FarmException(source + ": needs '" + field + "'");
    }
    return value;
  }

  private static void collectVariables(Object value, Set<String> into) {
    if (value instanceof String s) {
      Matcher m = VARIABLE.matcher(s);
      while (m.find()) {
        into.add(m.group(1));
      }
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> collectVariables(v, into));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collectVariables(v, into));
    }
  }
}
