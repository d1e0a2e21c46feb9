package io.callfarm.quality;

/**
 * Codec impairment for the E-model: equipment impairment factor Ie, packet-loss robustness Bpl and the
 * one-way delay the codec itself adds.
 *
 * <p>G.711 values are ITU-T G.113 Appendix I. No ITU-T G.113 entry exists for Opus; the {@link #OPUS} values
 * are this project's stated assumption, not a published figure: Ie = 0 (at the 24-32 kbit/s WebRTC uses for
 * speech Opus is at least as good as G.711 on the narrowband E-model scale) and Bpl = 25.1, the G.711-with-PLC
 * value, because Opus always conceals losses; replace them when a measured value is available.
 */
public enum Codec {
  /** G.711 without packet-loss concealment (G.113 App. I: Ie 0, Bpl 4.3), 20 ms packets. */
  G711(0, 4.3, 20),
  /** G.711 with packet-loss concealment (G.113 App. I: Ie 0, Bpl 25.1), 20 ms packets. */
  G711_PLC(0, 25.1, 20),
  /** Opus in WebRTC, assumed values (see the class comment); 20 ms frames + 6.5 ms look-ahead. */
  OPUS(0, 25.1, 26.5);

  private final double ie;
  private final double bpl;
  private final double delayMs;

  Codec(double ie, double bpl, double delayMs) {
    this.ie = ie;
    this.bpl = bpl;
    this.delayMs = delayMs;
  }

  /** Equipment impairment factor, R units, ≥ 0. */
  public double ie() {
    return ie;
  }

  /** Packet-loss robustness factor, > 0. */
  public double bpl() {
    return bpl;
  }

  /** Algorithmic plus packetisation delay, ms. */
  public double delayMs() {
    return delayMs;
  }

  /** Parses {@code g711}, {@code g711-plc} or {@code opus}, case-insensitive. */
  public static Codec parse(String name) {
    for (Codec c : values()) {
      if (c.name().replace('_', '-').equalsIgnoreCase(name.trim())) {
        return c;
      }
    }
    throw new AnalysisException(AnalysisException.Code.INVALID_ARGUMENT,
        "unknown codec '" + name + "'; use g711, g711-plc or opus");
  }
}
