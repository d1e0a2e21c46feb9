package io.callfarm.engine.net;

/**
 * Parameters of the Gilbert-Elliott bursty loss model, as netem's {@code loss gemodel p r 1-h 1-k}, all in
 * percent (0..100). Two states, Good and Bad; before each packet the state may change (Good to Bad with
 * probability {@code p}, Bad to Good with {@code r}), then the packet is lost with probability {@code 1-k} in
 * Good or {@code 1-h} in Bad. With {@code 1-h = 100} and {@code 1-k = 0} loss bursts have mean length
 * {@code 100 / r} packets and the long-run loss share is {@code p / (p + r)}.
 *
 * @param p percent chance of moving Good to Bad per packet
 * @param r percent chance of moving Bad to Good per packet
 * @param lossInBad percent chance of losing a packet in the Bad state ({@code 1-h})
 * @param lossInGood percent chance of losing a packet in the Good state ({@code 1-k})
 */
public record GilbertElliott(double p, double r, double lossInBad, double lossInGood) {

  public GilbertElliott {
    Impairment.requirePercent("ge p", p);
    Impairment.requirePercent("ge r", r);
    Impairment.requirePercent("ge 1-h", lossInBad);
    Impairment.requirePercent("ge 1-k", lossInGood);
  }

  /** netem's defaults for omitted values: {@code r = 100 - p}, {@code 1-h = 100}, {@code 1-k = 0}. */
  public static GilbertElliott of(double p) {
    return new GilbertElliott(p, 100 - p, 100, 0);
  }

  /** Long-run share of lost packets in percent, from the stationary distribution of the two states. */
  public double expectedLossPercent() {
    if (p + r == 0) {
      return lossInGood;
    }
    double bad = p / (p + r);
    return bad * lossInBad + (1 - bad) * lossInGood;
  }
}
