package io.callfarm.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One rule scenario of the matrix, written once in flavour-neutral terms: parties with a side (each runs the
 * caller's or the callee's flavour), who starts offline, and steps — actions ({@code alice: call bob},
 * {@code groupCall bob,carol}, {@code accept}, {@code reject}, {@code hangup}, {@code login}), waits, and
 * expectations ({@code expect: bob rings from alice [within MS]}, see {@link Term}). Expectations consume:
 * each matches only events after the last one an earlier expectation matched on that party.
 *
 * @param name    the scenario's id in the matrix (its file name without {@code .yaml})
 * @param parties alias to side ({@code caller} or {@code callee}), in declaration order
 * @param offline parties that log in only at their {@code login} step
 * @param steps   in order
 */
record MatrixScenario(String name, String description, Map<String, String> parties, Set<String> offline,
    List<MatrixScenario.Step> steps) {

  /** Expectations without {@code within} wait this long, ms. */
  static final long DEFAULT_WITHIN_MS = 3000;
  /** The longest wait or {@code within} a step may name, ms (a cell must end). */
  static final long MAX_MILLIS = 120_000;

  /** One step. */
  sealed interface Step {
    /** Source form, for reports. */
    String text();
  }

  /** {@code party: verb args}. */
  record Action(String party, String verb, List<String> args, String text) implements Step {
  }

  /** {@code wait: ms}. */
  record Wait(long millis, String text) implements Step {
  }

  /** {@code expect: party term [other] [within ms]}. */
  record Expect(String party, Term term, String other, long withinMs, String text) implements Step {
  }

  /** Every {@code *.yaml} in {@code dir}, in name order. */
  static List<MatrixScenario> loadAll(Path dir) throws IOException {
    List<MatrixScenario> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        out.add(load(f));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no matrix scenarios (*.yaml) in " + dir);
    }
    return out;
  }

  /**
   * Parses one file.
   *
   * @throws IllegalArgumentException naming the file and the step that is wrong
   */
  static MatrixScenario load(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    String where = file.toString();
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(where + ": a matrix scenario is a mapping");
    }
    String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
    Map<String, String> parties = new LinkedHashMap<>();
    root.path("parties").fields().forEachRemaining(e -> parties.put(e.getKey(), e.getValue().asText()));
    if (parties.isEmpty() || !parties.containsValue("caller") || !parties.containsValue("callee")
        || parties.values().stream().anyMatch(side -> !side.equals("caller") && !side.equals("callee"))) {
      throw new IllegalArgumentException(where + ": 'parties' maps aliases to caller or callee, with at least "
          + "one of each; got " + parties);
    }
    Set<String> offline = new java.util.LinkedHashSet<>();
    root.path("offline").forEach(n -> offline.add(known(where, parties, n.asText())));
    List<Step> steps = new ArrayList<>();
    int i = 0;
    for (JsonNode step : root.path("steps")) {
      i++;
      steps.add(step(where + " step " + i, parties, step));
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(where + ": no steps");
    }
    return new MatrixScenario(name, root.path("description").asText(""), parties, offline, steps);
  }

  private static Step step(String where, Map<String, String> parties, JsonNode node) {
    if (!node.isObject() || node.size() != 1) {
      throw new IllegalArgumentException(where + ": a step is one 'key: value'");
    }
    Map.Entry<String, JsonNode> e = node.fields().next();
    String key = e.getKey();
    String value = e.getValue().asText().trim();
    String text = key + ": " + value;
    if (key.equals("wait")) {
      return new Wait(millis(where, "wait", value), text);
    }
    if (key.equals("expect")) {
      return expect(where, parties, value, text);
    }
    known(where, parties, key);
    List<String> words = Arrays.asList(value.split("\\s+"));
    String verb = words.get(0);
    List<String> args = words.size() > 1 ? Arrays.asList(words.get(1).split(",")) : List.of();
    if (!Set.of("call", "groupCall", "accept", "reject", "hangup", "login").contains(verb)) {
      throw new IllegalArgumentException(where + ": unknown action '" + verb
          + "' (call X, groupCall X,Y, accept, reject, hangup, login)");
    }
    args.forEach(a -> known(where, parties, a));
    return new Action(key, verb, args, text);
  }

  private static Expect expect(String where, Map<String, String> parties, String value, String text) {
    long within = DEFAULT_WITHIN_MS;
    String rest = value;
    int at = value.lastIndexOf(" within ");
    if (at >= 0) {
      within = millis(where, "within", value.substring(at + 8).trim());
      rest = value.substring(0, at).trim();
    }
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException(where + ": expect names a party and what it observes");
    }
    String party = known(where, parties, rest.substring(0, space));
    String words = rest.substring(space + 1).trim();
    for (Term term : Term.values()) {
      if (term.namesOther() && words.startsWith(term.words() + " ")) {
        return new Expect(party, term, known(where, parties, words.substring(term.words().length()).trim()),
            within, text);
      }
      if (!term.namesOther() && words.equals(term.words())) {
        return new Expect(party, term, null, within, text);
      }
    }
    throw new IllegalArgumentException(where + ": '" + words + "' is not an expectation; use one of "
        + Arrays.stream(Term.values()).map(t -> t.words() + (t.namesOther() ? " X" : "")).toList());
  }

  /** A step's time in ms: a whole number from 1 to {@value #MAX_MILLIS}. */
  private static long millis(String where, String what, String text) {
    try {
      long ms = Long.parseLong(text);
      if (ms >= 1 && ms <= MAX_MILLIS) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + ": '" + what + "' takes milliseconds from 1 to " + MAX_MILLIS
        + ", got '" + text + "'");
  }

  private static String known(String where, Map<String, String> parties, String alias) {
    if (!parties.containsKey(alias)) {
      throw new IllegalArgumentException(where + ": '" + alias + "' is not a party " + parties.keySet());
    }
    return alias;
  }
}
