package io.callfarm.engine.net;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The compact text form of an {@link Impairment}, as scenario files and the command line write it:
 * an optional profile name first, then comma-separated {@code key=value} overrides, e.g.
 * {@code delay=100,jitter=20,loss=5,rate=64} or {@code 3g,loss=0}.
 *
 * <p>Keys (units may be appended to the number): {@code delay} and {@code jitter} in ms, {@code dist}
 * {@code uniform|normal}, {@code loss}, {@code reorder}, {@code duplicate}, {@code corrupt} in percent,
 * {@code ge=p[:r[:1-h[:1-k]]]} in percent (netem {@code loss gemodel}; omitted values as
 * {@link GilbertElliott#of(double)}), {@code rate} in kbit/s, {@code queue} in packets.
 */
final class ImpairmentSpec {

  private static final String KEYS = "delay, jitter, dist, loss, ge, reorder, duplicate, corrupt, rate, queue";

  private ImpairmentSpec() {}

  static Impairment parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty network spec; give a profile name ("
          + String.join(", ", Impairment.profileNames()) + ") or key=value pairs (" + KEYS + ")");
    }
    String[] tokens = spec.split(",", -1);
    Impairment.Builder b = Impairment.builder();
    int first = 0;
    if (!tokens[0].contains("=")) {
      b = Impairment.profile(tokens[0]).toBuilder();
      first = 1;
    }
    Set<String> seen = new HashSet<>();
    for (int i = first; i < tokens.length; i++) {
      String token = tokens[i].trim();
      int eq = token.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("network spec '" + spec + "': '" + token + "' is not key=value"
            + (i == 0 ? "" : " (a profile name may only come first)") + "; keys: " + KEYS);
      }
      String key = token.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = token.substring(eq + 1).trim();
      if (!seen.add(key)) {
        throw new IllegalArgumentException("network spec '" + spec + "': key '" + key + "' given twice");
      }
      apply(b, spec, key, value);
    }
    if (seen.contains("loss") && (seen.contains("ge") || seen.contains("gemodel"))) {
      throw new IllegalArgumentException("network spec '" + spec
          + "' sets both random loss and Gilbert-Elliott loss; choose one: 'loss=' or 'ge='");
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("network spec '" + spec + "': " + e.getMessage(), e);
    }
  }

  static String format(Impairment i) {
    StringJoiner j = new StringJoiner(",");
    add(j, "delay", i.delayMs());
    add(j, "jitter", i.jitterMs());
    if (i.jitterMs() > 0 && i.distribution() != JitterDistribution.UNIFORM) {
      j.add("dist=" + i.distribution().name().toLowerCase(Locale.ROOT));
    }
    add(j, "loss", i.lossPercent());
    GilbertElliott ge = i.gilbertElliott();
    if (ge != null) {
      j.add("ge=" + num(ge.p()) + ":" + num(ge.r()) + ":" + num(ge.lossInBad()) + ":" + num(ge.lossInGood()));
    }
    add(j, "reorder", i.reorderPercent());
    add(j, "duplicate", i.duplicatePercent());
    add(j, "corrupt", i.corruptPercent());
    add(j, "rate", i.rateKbps());
    if (i.queuePackets() != Impairment.DEFAULT_QUEUE_PACKETS) {
      j.add("queue=" + i.queuePackets());
    }
    return j.length() == 0 ? "good" : j.toString();
  }

  private static void apply(Impairment.Builder b, String spec, String key, String value) {
    switch (key) {
      case "delay" -> b.delayMs(number(spec, key, value, "ms"));
      case "jitter" -> b.jitterMs(number(spec, key, value, "ms"));
      case "dist", "distribution" -> b.distribution(distribution(spec, value));
      case "loss" -> b.lossPercent(number(spec, key, value, "%"));
      case "ge", "gemodel" -> b.gilbertElliott(gilbertElliott(spec, value));
      case "reorder" -> b.reorderPercent(number(spec, key, value, "%"));
      case "duplicate", "dup" -> b.duplicatePercent(number(spec, key, value, "%"));
      case "corrupt" -> b.corruptPercent(number(spec, key, value, "%"));
      case "rate" -> b.rateKbps(number(spec, key, value, "kbit", "kbps"));
      case "queue", "limit" -> b.queuePackets(whole(spec, key, value));
      default -> throw new IllegalArgumentException(
          "network spec '" + spec + "': unknown key '" + key + "'; keys: " + KEYS);
    }
  }

  private static JitterDistribution distribution(String spec, String value) {
    try {
      return JitterDistribution.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "network spec '" + spec + "': dist '" + value + "' is not one of uniform, normal", e);
    }
  }

  private static GilbertElliott gilbertElliott(String spec, String value) {
    String[] parts = value.split(":", -1);
    if (parts.length > 4) {
      throw new IllegalArgumentException("network spec '" + spec + "': ge takes at most 4 percentages "
          + "p:r:1-h:1-k, got '" + value + "'");
    }
    double p = number(spec, "ge p", parts[0], "%");
    GilbertElliott d = GilbertElliott.of(p);
    double r = parts.length > 1 ? number(spec, "ge r", parts[1], "%") : d.r();
    double h = parts.length > 2 ? number(spec, "ge 1-h", parts[2], "%") : d.lossInBad();
    double k = parts.length > 3 ? number(spec, "ge 1-k", parts[3], "%") : d.lossInGood();
    return new GilbertElliott(p, r, h, k);
  }

  private static double number(String spec, String key, String value, String... units) {
    String v = value.toLowerCase(Locale.ROOT);
    for (String unit : units) {
      if (v.endsWith(unit)) {
        v = v.substring(0, v.length() - unit.length()).trim();
        break;
      }
    }
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below with the key and expected unit
    }
    throw new IllegalArgumentException("network spec '" + spec + "': " + key + " '" + value
        + "' is not a number" + (units.length > 0 ? " (in " + units[0] + ")" : ""));
  }

  private static int whole(String spec, String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "network spec '" + spec + "': " + key + " '" + value + "' is not a whole number of packets", e);
    }
  }

  private static void add(StringJoiner j, String key, double v) {
    if (v != 0) {
      j.add(key + "=" + num(v));
    }
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
