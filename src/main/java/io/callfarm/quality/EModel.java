package io.callfarm.quality;

/**
 * The ITU-T G.107 E-model: a transmission rating R and MOS-CQE predicted from network figures, as a second
 * opinion beside the signal-based MOS. All G.107 terminal and circuit parameters are at their G.107 default
 * values (SLR 8, RLR 2, STMR 15, LSTR 18, Ds = Dr = 3, TELR 65 dB, WEPL 110 dB, qdu 1, Nc −70 dBm0p,
 * Nfor −64 dBmp, Ps = Pr = 35 dB(A), A = 0); only delay, loss and the codec vary. With everything at its
 * default R = 93.2 and MOS-CQE = 4.41.
 *
 * <p>Delays: the mean one-way delay T, the absolute delay Ta and half the round trip of the listener echo
 * (Tr = 2T) are all taken as the mouth-to-ear delay.
 *
 * @param packetLossPercent random packet-loss probability Ppl, percent, 0..100
 * @param burstR            burst ratio (1 = random loss, &gt; 1 bursty), ≥ 1
 * @param oneWayDelayMs     mouth-to-ear delay, ms, ≥ 0
 * @param ie                equipment impairment factor of the codec, ≥ 0
 * @param bpl               packet-loss robustness factor of the codec, &gt; 0
 */
public record EModel(double packetLossPercent, double burstR, double oneWayDelayMs, double ie, double bpl) {

  private static final double SLR = 8;
  private static final double RLR = 2;
  private static final double STMR = 15;
  private static final double LSTR = 18;
  private static final double DS = 3;
  private static final double TELR = 65;
  private static final double WEPL = 110;
  private static final double QDU = 1;
  private static final double NC = -70;
  private static final double NFOR = -64;
  private static final double PS = 35;
  private static final double PR = 35;
  private static final double ADVANTAGE = 0;

  public EModel {
    if (!(packetLossPercent >= 0 && packetLossPercent <= 100)) {
      throw invalid("packet loss must be 0..100 %, got " + packetLossPercent);
    }
    if (!(burstR >= 1)) {
      throw invalid("BurstR must be >= 1 (1 = random loss), got " + burstR);
    }
    if (!(oneWayDelayMs >= 0)) {
      throw invalid("one-way delay must be >= 0 ms, got " + oneWayDelayMs);
    }
    if (!(ie >= 0) || !(bpl > 0)) {
      throw invalid("codec needs Ie >= 0 and Bpl > 0, got Ie=" + ie + " Bpl=" + bpl);
    }
  }

  /** Every parameter at its G.107 default: no loss, no delay, Ie 0, Bpl 4.3. */
  public static EModel defaults() {
    return new EModel(0, 1, 0, 0, 4.3);
  }

  /**
   * The E-model for a call measured on the network.
   *
   * @param lossPercent packet loss, percent
   * @param burstR      burst ratio, ≥ 1 (1 if unknown)
   * @param jitterMs    interarrival jitter, ms; the jitter buffer is assumed to add twice this much delay
   * @param rttMs       round-trip time, ms; half of it is the network's one-way delay
   * @param codec       the voice codec, which adds its Ie, Bpl and own delay
   */
  public static EModel forNetwork(double lossPercent, double burstR, double jitterMs, double rttMs, Codec codec) {
    if (!(jitterMs >= 0) || !(rttMs >= 0)) {
      throw invalid("jitter and RTT must be >= 0 ms, got jitter=" + jitterMs + " rtt=" + rttMs);
    }
    double oneWay = rttMs / 2 + 2 * jitterMs + codec.delayMs();
    return new EModel(lossPercent, burstR, oneWay, codec.ie(), codec.bpl());
  }

  /** The transmission rating R = Ro − Is − Id − Ie,eff + A (G.107 eq. 7-1), roughly 0..93.2. */
  public double rFactor() {
    return basicSignalToNoise() - simultaneousImpairment() - delayImpairment() - effectiveIe() + ADVANTAGE;
  }

  /** MOS-CQE from {@link #rFactor()}, 1..4.5. */
  public double mos() {
    return mosFromR(rFactor());
  }

  /** G.107 Annex B conversion of R to MOS-CQE, 1 at R ≤ 0, 4.5 at R ≥ 100. */
  public static double mosFromR(double r) {
    if (r <= 0) {
      return 1;
    }
    if (r >= 100) {
      return 4.5;
    }
    return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
  }

  /** Effective equipment impairment Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl). */
  public double effectiveIe() {
    return ie + (95 - ie) * packetLossPercent / (packetLossPercent / burstR + bpl);
  }

  /** Delay impairment Id = Idte + Idle + Idd, R units. */
  public double delayImpairment() {
    return talkerEchoImpairment() + listenerEchoImpairment() + absoluteDelayImpairment();
  }

  /** Talker-echo impairment Idte (echo loss TELR at mean one-way delay T), R units. */
  public double talkerEchoImpairment() {
    double t = oneWayDelayMs;
    double terv = TELR - 40 * Math.log10((1 + t / 10) / (1 + t / 150)) + 6 * Math.exp(-0.3 * t * t);
    double roe = -1.5 * (noiseFloor() - RLR);
    double re = 80 + 2.5 * (terv - 14);
    return ((roe - re) / 2 + Math.sqrt((roe - re) * (roe - re) / 4 + 100) - 1) * (1 - Math.exp(-t));
  }

  /** Listener-echo impairment Idle (weighted echo path loss WEPL, round trip Tr = 2T), R units. */
  public double listenerEchoImpairment() {
    double ro = basicSignalToNoise();
    double rle = 10.5 * (WEPL + 7) * Math.pow(2 * oneWayDelayMs + 1, -0.25);
    return (ro - rle) / 2 + Math.sqrt((ro - rle) * (ro - rle) / 4 + 169);
  }

  /** Impairment Idd from absolute delay Ta: 0 up to 100 ms, then 25·((1+X⁶)^⅙ − 3(1+(X/3)⁶)^⅙ + 2), X = log2(Ta/100). */
  public double absoluteDelayImpairment() {
    if (oneWayDelayMs <= 100) {
      return 0;
    }
    double x = Math.log10(oneWayDelayMs / 100) / Math.log10(2);
    return 25 * (Math.pow(1 + Math.pow(x, 6), 1.0 / 6) - 3 * Math.pow(1 + Math.pow(x / 3, 6), 1.0 / 6) + 2);
  }

  /** Basic signal-to-noise ratio Ro = 15 − 1.5·(SLR + No). */
  public double basicSignalToNoise() {
    return 15 - 1.5 * (SLR + noiseFloor());
  }

  /** Simultaneous impairment Is = Iolr + Ist + Iq. */
  public double simultaneousImpairment() {
    double no = noiseFloor();
    double olr = SLR + RLR;
    double x = olr + 0.2 * (64 + no - RLR);
    double iolr = 20 * (Math.pow(1 + Math.pow(x / 8, 8), 1.0 / 8) - x / 8);
    double stmro = -10 * Math.log10(Math.pow(10, -STMR / 10) + Math.exp(-oneWayDelayMs / 4) * Math.pow(10, -TELR / 10));
    double ist = 12 * Math.pow(1 + Math.pow((stmro - 13) / 6, 8), 1.0 / 8)
        - 28 * Math.pow(1 + Math.pow((stmro + 1) / 19.4, 35), 1.0 / 35)
        - 13 * Math.pow(1 + Math.pow((stmro - 3) / 33, 13), 1.0 / 13) + 29;
    double q = 37 - 15 * Math.log10(QDU);
    double g = 1.07 + 0.258 * q + 0.0602 * q * q;
    double y = (basicSignalToNoise() - 100) / 15 + 46 / 8.4 - g / 9;
    double z = 46 / 30.0 - g / 40;
    double iq = 15 * Math.log10(1 + Math.pow(10, y) + Math.pow(10, z));
    return iolr + ist + iq;
  }

  /** Total noise No at the 0 dBr point (circuit, room noise at both ends, receive-side floor), dBm0p. */
  private static double noiseFloor() {
    double olr = SLR + RLR;
    double nos = PS - SLR - DS - 100 + 0.004 * Math.pow(PS - olr - DS - 14, 2);
    double pre = PR + 10 * Math.log10(1 + Math.pow(10, (10 - LSTR) / 10));
    double nor = RLR - 121 + pre + 0.008 * Math.pow(pre - 35, 2);
    double nfo = NFOR + RLR;
    return 10 * Math.log10(Math.pow(10, NC / 10) + Math.pow(10, nos / 10) + Math.pow(10, nor / 10)
        + Math.pow(10, nfo / 10));
  }

  private static AnalysisException invalid(String message) {
    return new AnalysisException(AnalysisException.Code.INVALID_ARGUMENT, message);
  }
}
