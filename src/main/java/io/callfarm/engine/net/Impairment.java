package io.callfarm.engine.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one direction of an emulated link does to datagrams, with netem semantics. Immutable and validated on
 * construction; build with {@link #builder()}, a named {@link #profile(String)} or a spec string
 * ({@link #parse(String)}).
 *
 * <p>Order of the pipeline per datagram: loss (random or Gilbert-Elliott; a lost datagram is not duplicated),
 * rate limit (serialisation at {@code rateKbps} through a queue of at most {@code queuePackets}, tail drop when
 * full), then delay plus jitter, except for the reordered share which skips delay and jitter, and duplicates
 * which leave together with the original. Jitter reorders packets whenever its spread exceeds the gap between
 * them (netem does the same), unless a rate is set: then a packet never leaves before the one ahead of it
 * (except reordered ones). Use {@code rate} for in-order jitter.
 *
 * @param delayMs fixed one-way delay in milliseconds, {@code >= 0}
 * @param jitterMs jitter in milliseconds, {@code >= 0}: half-width (uniform) or standard deviation (normal);
 *     a delay that would become negative is clamped to 0
 * @param distribution shape of the jitter, never null
 * @param lossPercent random (independent) loss, percent 0..100; excludes {@code gilbertElliott}
 * @param gilbertElliott bursty loss model, or null for none; excludes {@code lossPercent}
 * @param reorderPercent share of packets sent at once, skipping delay and jitter, percent 0..100; needs a delay
 * @param duplicatePercent share of packets sent twice, percent 0..100
 * @param corruptPercent share of packets with one random bit flipped, percent 0..100
 * @param rateKbps link rate in kbit/s (1000 bit/s), or 0 for unlimited; counts the payload plus 28 bytes of
 *     IPv4/UDP headers per datagram, as netem sees a datagram on the interface
 * @param queuePackets how many packets may wait for (or be in) transmission at the rate limit before tail drop,
 *     {@code >= 1}; only used with a rate (netem's default {@code limit} is 1000)
 */
public record Impairment(
    double delayMs,
    double jitterMs,
    JitterDistribution distribution,
    double lossPercent,
    GilbertElliott gilbertElliott,
    double reorderPercent,
    double duplicatePercent,
    double corruptPercent,
    double rateKbps,
    int queuePackets) {

  /** Default rate-limit queue length in packets, as netem's {@code limit}. */
  public static final int DEFAULT_QUEUE_PACKETS = 1000;

  /** A perfect link: datagrams are forwarded at once, unchanged. */
  public static final Impairment NONE = builder().build();

  private static final Map<String, Impairment> PROFILES = profiles();

  public Impairment {
    requireNonNegative("delay", delayMs, "milliseconds");
    requireNonNegative("jitter", jitterMs, "milliseconds");
    Objects.requireNonNull(distribution, "distribution: use UNIFORM or NORMAL");
    requirePercent("loss", lossPercent);
    requirePercent("reorder", reorderPercent);
    requirePercent("duplicate", duplicatePercent);
    requirePercent("corrupt", corruptPercent);
    requireNonNegative("rate", rateKbps, "kbit/s (0 = unlimited)");
    if (queuePackets < 1) {
      throw new IllegalArgumentException(
          "impairment 'queue' must be at least 1 packet, got " + queuePackets + "; netem's default is 1000");
    }
    if (gilbertElliott != null && lossPercent > 0) {
      throw new IllegalArgumentException("impairment sets both random loss (" + lossPercent
          + "%) and Gilbert-Elliott loss; choose one: 'loss=' or 'ge='");
    }
    if (reorderPercent > 0 && delayMs == 0) {
      throw new IllegalArgumentException("impairment 'reorder' (" + reorderPercent
          + "%) needs a delay: reordered packets overtake delayed ones by skipping the delay; set delay > 0");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this impairment's values, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A named profile: {@code good}, {@code 4g}, {@code 3g}, {@code lossy-10}, {@code bursty}, {@code call-drop}
   * (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Impairment profile(String name) {
    Impairment found = PROFILES.get(name.trim().toLowerCase(Locale.ROOT));
    if (found == null) {
      throw new IllegalArgumentException(
          "unknown network profile '" + name + "'; known profiles: " + String.join(", ", PROFILES.keySet()));
    }
    return found;
  }

  /** Names accepted by {@link #profile(String)}, in documentation order. */
  public static Set<String> profileNames() {
    return Collections.unmodifiableSet(PROFILES.keySet());
  }

  /**
   * Parses a compact spec: a profile name, {@code key=value} pairs, or a profile name followed by overrides,
   * comma-separated, e.g. {@code 4g}, {@code delay=100,jitter=20,loss=5,rate=64} or {@code 3g,loss=0}.
   * See {@link ImpairmentSpec} for the keys.
   *
   * @throws IllegalArgumentException naming the bad token and what is accepted
   */
  public static Impairment parse(String spec) {
    return ImpairmentSpec.parse(spec);
  }

  /** Loss share in percent that this impairment causes in the long run (random or Gilbert-Elliott). */
  public double expectedLossPercent() {
    return gilbertElliott == null ? lossPercent : gilbertElliott.expectedLossPercent();
  }

  /** The spec string that {@link #parse(String)} turns back into this impairment. */
  public String toSpec() {
    return ImpairmentSpec.format(this);
  }

  static void requirePercent(String name, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(
          "impairment '" + name + "' must be a percentage between 0 and 100, got " + value);
    }
  }

  private static void requireNonNegative(String name, double value, String unit) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "impairment '" + name + "' must be a finite number >= 0 in " + unit + ", got " + value);
    }
  }

  private static Map<String, Impairment> profiles() {
    Map<String, Impairment> p = new LinkedHashMap<>();
    p.put("good", NONE);
    p.put("4g", builder().delayMs(40).jitterMs(10).lossPercent(0.5).build());
    p.put("3g", builder().delayMs(100).jitterMs(30).lossPercent(2).rateKbps(750).build());
    p.put("lossy-10", builder().lossPercent(10).build());
    p.put("bursty", builder().gilbertElliott(new GilbertElliott(2, 25, 100, 0)).build());
    p.put("call-drop", builder().delayMs(500).lossPercent(20).rateKbps(50).build());
    return p;
  }

  /** Mutable builder; every value defaults to "no impairment". */
  public static final class Builder {
    private double delayMs;
    private double jitterMs;
    private JitterDistribution distribution = JitterDistribution.UNIFORM;
    private double lossPercent;
    private GilbertElliott gilbertElliott;
    private double reorderPercent;
    private double duplicatePercent;
    private double corruptPercent;
    private double rateKbps;
    private int queuePackets = DEFAULT_QUEUE_PACKETS;

    private Builder() {}

    private Builder(Impairment i) {
      delayMs = i.delayMs;
      jitterMs = i.jitterMs;
      distribution = i.distribution;
      lossPercent = i.lossPercent;
      gilbertElliott = i.gilbertElliott;
      reorderPercent = i.reorderPercent;
      duplicatePercent = i.duplicatePercent;
      corruptPercent = i.corruptPercent;
      rateKbps = i.rateKbps;
      queuePackets = i.queuePackets;
    }

    public Builder delayMs(double v) { delayMs = v; return this; }

    public Builder jitterMs(double v) { jitterMs = v; return this; }

    public Builder distribution(JitterDistribution v) { distribution = v; return this; }

    /** Random loss in percent; clears a Gilbert-Elliott model set earlier when {@code v > 0}. */
    public Builder lossPercent(double v) {
      lossPercent = v;
      if (v > 0) {
        gilbertElliott = null;
      }
      return this;
    }

    /** Bursty loss; clears random loss set earlier when non-null. */
    public Builder gilbertElliott(GilbertElliott v) {
      gilbertElliott = v;
      if (v != null) {
        lossPercent = 0;
      }
      return this;
    }

    public Builder reorderPercent(double v) { reorderPercent = v; return this; }

    public Builder duplicatePercent(double v) { duplicatePercent = v; return this; }

    public Builder corruptPercent(double v) { corruptPercent = v; return this; }

    public Builder rateKbps(double v) { rateKbps = v; return this; }

    public Builder queuePackets(int v) { queuePackets = v; return this; }

    /** @throws IllegalArgumentException if a value is out of range, saying which and why */
    public Impairment build() {
      return new Impairment(delayMs, jitterMs, distribution, lossPercent, gilbertElliott, reorderPercent,
          duplicatePercent, corruptPercent, rateKbps, queuePackets);
    }
  }
}
