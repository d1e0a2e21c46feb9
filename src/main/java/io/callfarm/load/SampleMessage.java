package io.callfarm.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a CallFarm JMeter sample carries in its response message — the one field of a sample that
 * survives JMeter's stripped batch mode and lands in the controller's CSV results — so the controller
 * can account for every call and merge the workers' histograms exactly. One line of
 * space-separated {@code key=value} tokens after the tag {@value #TAG}, no commas or quotes:
 * <ul>
 *   <li>{@code kind}: {@code call}, {@code skip} (too few idle users), {@code login} or
 *       {@code report};</li>
 *   <li>{@code worker}: the worker's index (0-based) in the run's worker list;</li>
 *   <li>call: {@code caller}, {@code to} ({@code callee:outcome|...}, outcome {@code lost} when none),
 *       {@code ms} (call() until the call settled);</li>
 *   <li>login: {@code users}, {@code of}; report: {@code placed}, {@code completed}, {@code lost};</li>
 *   <li>{@code hdr}: {@link Histograms#encode()} of the interval histograms, when any.</li>
 * </ul>
 */
public record SampleMessage(String kind, int worker, Map<String, String> fields) {
  public static final String TAG = "callfarm/1";

  public SampleMessage {
    fields = Map.copyOf(fields);
  }

  /** A call sample's message. */
  public static SampleMessage call(int worker, UserShard.CallResult r, Histograms hdr) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("caller", r.caller());
    StringBuilder to = new StringBuilder();
    for (int i = 0; i < r.callees().size(); i++) {
      Outcome o = r.outcomes().get(i);
      to.append(i > 0 ? "|" : "").append(r.callees().get(i)).append(':')
          .append(o == null ? "lost" : o.key());
    }
    f.put("to", to.toString());
    f.put("ms", Long.toString(r.elapsedMicros() / 1000));
    putHdr(f, hdr);
    return new SampleMessage("call", worker, f);
  }

  /** A call the worker could not place: too few idle users. */
  public static SampleMessage skipped(int worker) {
    return new SampleMessage("skip", worker, Map.of());
  }

  public static SampleMessage login(int worker, int users, int of, Histograms hdr) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("users", Integer.toString(users));
    f.put("of", Integer.toString(of));
    putHdr(f, hdr);
    return new SampleMessage("login", worker, f);
  }

  public static SampleMessage report(int worker, UserShard.Counts counts, Histograms hdr) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("placed", Long.toString(counts.placed()));
    f.put("completed", Long.toString(counts.completed()));
    f.put("lost", Long.toString(counts.lost()));
    putHdr(f, hdr);
    return new SampleMessage("report", worker, f);
  }

  private static void putHdr(Map<String, String> f, Histograms hdr) {
    if (hdr != null && !hdr.isEmpty()) {
      f.put("hdr", hdr.encode());
    }
  }

  /** The line, e.g. {@code callfarm/1 kind=call worker=0 caller=r1-w0-u1 to=r1-w0-u2:completed}. */
  public String encode() {
    StringBuilder out = new StringBuilder(TAG).append(" kind=").append(kind).append(" worker=")
        .append(worker);
    // a stable order: caller before to, hdr last
    fields.entrySet().stream().filter(e -> !e.getKey().equals("hdr"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.append(' ').append(e.getKey()).append('=').append(e.getValue()));
    if (fields.containsKey("hdr")) {
      out.append(" hdr=").append(fields.get("hdr"));
    }
    return out.toString();
  }

  /** Whether a response message is one of ours. */
  public static boolean isOurs(String message) {
    return message != null && message.startsWith(TAG + " ");
  }

  /**
   * Parses {@link #encode()}'s line.
   *
   * @throws IllegalArgumentException saying what is missing or malformed
   */
  public static SampleMessage decode(String line) {
    if (!isOurs(line)) {
      throw new IllegalArgumentException("not a CallFarm sample message (" + TAG + "): " + line);
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (String token : line.substring(TAG.length() + 1).trim().split(" +")) {
      int eq = token.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("token without key=value: '" + token + "' in " + line);
      }
      f.put(token.substring(0, eq), token.substring(eq + 1));
    }
    String kind = f.remove("kind");
    String worker = f.remove("worker");
    if (kind == null || worker == null || !worker.matches("\\d{1,4}")) {
      throw new IllegalArgumentException("kind and worker are required: " + line);
    }
    return new SampleMessage(kind, Integer.parseInt(worker), f);
  }

  /** The histograms carried, empty when none. */
  public Histograms histograms() {
    return Histograms.decode(fields.get("hdr"));
  }

  /** A call's callees and outcomes (null outcome: lost). */
  public List<Map.Entry<String, Outcome>> invitations() {
    List<Map.Entry<String, Outcome>> out = new ArrayList<>();
    for (String part : fields.getOrDefault("to", "").split("\\|")) {
      int colon = part.lastIndexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("invitation not 'callee:outcome': " + part);
      }
      String outcome = part.substring(colon + 1);
      out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(part.substring(0, colon),
          outcome.equals("lost") ? null : Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT))));
    }
    return out;
  }

  public long number(String key) {
    String v = fields.get(key);
    if (v == null || !v.matches("-?\\d{1,18}")) {
      throw new IllegalArgumentException("field " + key + " is not a number: " + v);
    }
    return Long.parseLong(v);
  }
}
