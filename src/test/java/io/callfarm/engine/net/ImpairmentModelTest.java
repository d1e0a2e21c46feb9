package io.callfarm.engine.net;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.testng.annotations.Test;

/**
 * The seeded decision model. Tolerances are about 3.3 standard deviations of the binomial (or Markov-chain)
 * estimate, so they would hold for nearly any seed; with the fixed seed the outcome is deterministic anyway.
 */
public class ImpairmentModelTest {

  private static final long SEED = 20261125L;
  private static final int N = 10_000;

  @Test
  public void randomLossShareMatchesTheConfiguredRate() {
    // loss 10 % of 10,000: sd = sqrt(n p (1-p)) = 30 packets = 0.3 %; +-1 % is 3.3 sd
    double share = share(model("loss=10", SEED, Direction.FORWARD), N, PacketFate::lost);
    assertEquals(share, 0.10, 0.01, "random loss share");
  }

  @Test
  public void sameSeedGivesTheSameDecisionsAndOtherSeedsDoNot() {
    List<PacketFate> a = fates(model("4g,duplicate=5,reorder=5,corrupt=5", SEED, Direction.FORWARD), 2000);
    List<PacketFate> b = fates(model("4g,duplicate=5,reorder=5,corrupt=5", SEED, Direction.FORWARD), 2000);
    List<PacketFate> otherSeed = fates(model("4g,duplicate=5,reorder=5,corrupt=5", SEED + 1, Direction.FORWARD), 2000);
    List<PacketFate> otherDirection =
        fates(model("4g,duplicate=5,reorder=5,corrupt=5", SEED, Direction.BACKWARD), 2000);
    assertEquals(a, b);
    assertNotEquals(a, otherSeed);
    assertNotEquals(a, otherDirection);
  }

  @Test
  public void eachKnobHasItsOwnDrawSoAddingOneKeepsTheOthersDecisions() {
    List<Boolean> lossOnly = flags(model("loss=10", SEED, Direction.FORWARD), PacketFate::lost);
    List<Boolean> lossWithMore = flags(model("delay=50,jitter=10,loss=10,duplicate=30,reorder=20", SEED,
        Direction.FORWARD), PacketFate::lost);
    assertEquals(lossWithMore, lossOnly);
  }

  @Test
  public void gilbertElliottBurstsHaveMeanLengthOneOverR() {
    // p = 2 %, r = 25 %, 1-h = 100 %, 1-k = 0: bursts are geometric with mean 1/r = 4 packets (variance
    // (1-r)/r^2 = 12); 100,000 packets give ~1,850 bursts, so the mean's sd is ~0.08 and +-0.25 is 3 sd.
    ImpairmentModel m = model("ge=2:25:100:0", SEED, Direction.FORWARD);
    int packets = 100_000;
    int lost = 0;
    int bursts = 0;
    boolean previousLost = false;
    for (int i = 0; i < packets; i++) {
      boolean l = m.next(100).lost();
      if (l) {
        lost++;
        if (!previousLost) {
          bursts++;
        }
      }
      previousLost = l;
    }
    double meanBurst = (double) lost / bursts;
    assertEquals(meanBurst, 4.0, 0.25, "mean loss burst length");
    // stationary loss p/(p+r) = 7.41 %; correlation inflates the binomial sd (0.083 %) by
    // sqrt((1+rho)/(1-rho)), rho = 1-p-r = 0.73, to ~0.21 %; +-0.7 % is 3.3 sd
    assertEquals(100.0 * lost / packets, new GilbertElliott(2, 25, 100, 0).expectedLossPercent(), 0.7);
  }

  @Test
  public void gilbertElliottWithoutBadStateLossIsBernoulliInGood() {
    double share = share(model("ge=0:100:100:10", SEED, Direction.FORWARD), N, PacketFate::lost);
    assertEquals(share, 0.10, 0.01);
  }

  @Test
  public void duplicateAndReorderSharesMatchTheirRates() {
    // 10,000 packets: sd 0.40 % at 20 %, 0.43 % at 25 %; +-1.5 % is 3.5 sd
    ImpairmentModel m = model("delay=50,duplicate=20,reorder=25", SEED, Direction.FORWARD);
    List<PacketFate> fates = fates(m, N);
    assertEquals(fates.stream().filter(PacketFate::duplicated).count() / (double) N, 0.20, 0.015);
    assertEquals(fates.stream().filter(PacketFate::reordered).count() / (double) N, 0.25, 0.015);
    for (PacketFate f : fates) {
      assertEquals(f.delayNanos(), f.reordered() ? 0 : 50_000_000L, "reordered packets skip the delay: " + f);
    }
  }

  @Test
  public void uniformJitterStaysWithinDelayPlusMinusJitter() {
    List<PacketFate> fates = fates(model("delay=100,jitter=20", SEED, Direction.FORWARD), N);
    double sumMs = 0;
    for (PacketFate f : fates) {
      double ms = f.delayNanos() / 1e6;
      assertTrue(ms >= 80 && ms <= 120, "delay " + ms + " ms outside 100 +- 20 ms");
      sumMs += ms;
    }
    // uniform sd = 20/sqrt(3) = 11.5 ms; mean over 10,000 has sd 0.115 ms; +-0.5 ms is 4 sd
    assertEquals(sumMs / N, 100.0, 0.5, "mean delay ms");
  }

  @Test
  public void normalJitterHasTheConfiguredStandardDeviationAndNeverGoesNegative() {
    List<PacketFate> fates = fates(model("delay=100,jitter=20,dist=normal", SEED, Direction.FORWARD), N);
    double sum = 0;
    double sumSq = 0;
    for (PacketFate f : fates) {
      double ms = f.delayNanos() / 1e6;
      sum += ms;
      sumSq += ms * ms;
    }
    double mean = sum / N;
    double sd = Math.sqrt(sumSq / N - mean * mean);
    assertEquals(mean, 100.0, 0.7, "mean delay ms (sd of mean 0.2 ms)");
    assertEquals(sd, 20.0, 0.6, "jitter sd ms (sd of sd estimate ~0.14 ms)");
    long clamped = fates(model("delay=5,jitter=20", SEED, Direction.FORWARD), N).stream()
        .filter(f -> f.delayNanos() == 0).count();
    assertTrue(clamped > 0, "a delay that would be negative is clamped to 0");
  }

  @Test
  public void corruptionPicksABitInsideThePacket() {
    List<PacketFate> fates = fates(model("corrupt=50", SEED, Direction.FORWARD), N);
    long corrupted = fates.stream().filter(f -> f.corruptBit() >= 0).count();
    assertEquals(corrupted / (double) N, 0.5, 0.02);
    fates.forEach(f -> assertTrue(f.corruptBit() < 100 * 8, "bit " + f.corruptBit() + " outside 100 bytes"));
  }

  @Test
  public void setImpairmentContinuesTheSequence() {
    ImpairmentModel changed = model("loss=10", SEED, Direction.FORWARD);
    ImpairmentModel same = model("loss=10", SEED, Direction.FORWARD);
    fates(changed, 500);
    fates(same, 500);
    changed.setImpairment(Impairment.parse("loss=10,delay=20"));
    for (int i = 0; i < 500; i++) {
      PacketFate a = changed.next(100);
      PacketFate b = same.next(100);
      assertEquals(a.index(), 500 + i);
      assertEquals(a.lost(), b.lost(), "loss decision of packet " + a.index());
    }
  }

  @Test
  public void noImpairmentDecidesNothing() {
    for (PacketFate f : fates(model("good", SEED, Direction.FORWARD), 1000)) {
      assertEquals(f, new PacketFate(f.index(), false, false, false, -1, 0));
    }
  }

  private static ImpairmentModel model(String spec, long seed, Direction direction) {
    return ImpairmentModel.of(Impairment.parse(spec), seed, direction);
  }

  private static List<PacketFate> fates(ImpairmentModel m, int n) {
    List<PacketFate> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(m.next(100));
    }
    return out;
  }

  private static List<Boolean> flags(ImpairmentModel m, java.util.function.Predicate<PacketFate> p) {
    return fates(m, N).stream().map(p::test).toList();
  }

  private static double share(ImpairmentModel m, int n, java.util.function.Predicate<PacketFate> p) {
    return fates(m, n).stream().filter(p).count() / (double) n;
  }
}
