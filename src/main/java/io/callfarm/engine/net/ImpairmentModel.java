package io.callfarm.engine.net;

import java.util.SplittableRandom;

/**
 * The seeded decision model of one direction: which datagram is lost, reordered, duplicated or corrupted and
 * how much delay it gets. Exists apart from the sockets so that tests (and reports) can predict exactly what a
 * relay will do: a relay with seed S makes, for its n-th datagram in a direction, the decision that
 * {@code ImpairmentModel.of(impairment, S, direction)} returns on its n-th {@link #next(int)} call.
 *
 * <p>Each datagram's random draws come from a generator seeded by (direction seed, datagram index) only, never
 * from wall time, and every knob uses its own draw, so turning one knob does not shift the others' decisions.
 * The Gilbert-Elliott state is the one thing carried from datagram to datagram. Not thread-safe.
 */
public final class ImpairmentModel {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long seed;
  private Impairment impairment;
  private long index;
  private boolean badState;

  private ImpairmentModel(Impairment impairment, long seed) {
    this.impairment = impairment;
    this.seed = seed;
  }

  /**
   * The model a relay opened with {@code relaySeed} uses for {@code direction}.
   *
   * @param impairment what to apply, not null
   */
  public static ImpairmentModel of(Impairment impairment, long relaySeed, Direction direction) {
    if (impairment == null) {
      throw new NullPointerException("impairment: use Impairment.NONE for a perfect link");
    }
    return new ImpairmentModel(impairment, mix(relaySeed + (direction.ordinal() + 1) * GOLDEN));
  }

  /** The impairment currently applied. */
  public Impairment impairment() {
    return impairment;
  }

  /**
   * Applies another impairment from the next datagram on; the datagram index continues, the Gilbert-Elliott
   * state restarts in Good.
   */
  public void setImpairment(Impairment next) {
    if (next == null) {
      throw new NullPointerException("impairment: use Impairment.NONE for a perfect link");
    }
    impairment = next;
    badState = false;
  }

  /**
   * Decides the fate of the next datagram.
   *
   * @param sizeBytes datagram length in bytes, used to pick the corrupted bit; {@code >= 0}
   */
  public PacketFate next(int sizeBytes) {
    long i = index++;
    SplittableRandom r = new SplittableRandom(mix(seed + i * GOLDEN));
    double uLoss = r.nextDouble();
    double uTransition = r.nextDouble();
    double uReorder = r.nextDouble();
    double uDuplicate = r.nextDouble();
    double uCorrupt = r.nextDouble();
    long bitDraw = r.nextLong();
    double jitterDraw = impairment.distribution() == JitterDistribution.NORMAL
        ? r.nextGaussian() : r.nextDouble() * 2 - 1;

    if (isLost(uLoss, uTransition)) {
      return new PacketFate(i, true, false, false, -1, 0);
    }
    boolean reordered = uReorder * 100 < impairment.reorderPercent();
    boolean duplicated = uDuplicate * 100 < impairment.duplicatePercent();
    long corruptBit = sizeBytes > 0 && uCorrupt * 100 < impairment.corruptPercent()
        ? Math.floorMod(bitDraw, sizeBytes * 8L) : -1;
    long delayNanos = 0;
    if (!reordered) {
      double ms = Math.max(0, impairment.delayMs() + impairment.jitterMs() * jitterDraw);
      delayNanos = Math.round(ms * 1_000_000);
    }
    return new PacketFate(i, false, reordered, duplicated, corruptBit, delayNanos);
  }

  /**
   * Accounts for the next datagram of a perfect link ({@link Impairment#NONE}) without drawing its fate: the
   * decision {@link #next} would return for it is always "forward at once, unchanged", and the datagram index
   * continues exactly as if it had been drawn.
   *
   * @throws IllegalStateException if the current impairment is not {@link Impairment#NONE}
   */
  void skipUnimpaired() {
    if (!impairment.equals(Impairment.NONE)) {
      throw new IllegalStateException("only a perfect link's datagrams may skip the model, not " + impairment);
    }
    index++;
  }

  private boolean isLost(double uLoss, double uTransition) {
    GilbertElliott ge = impairment.gilbertElliott();
    if (ge == null) {
      return uLoss * 100 < impairment.lossPercent();
    }
    if (badState ? uTransition * 100 < ge.r() : uTransition * 100 < ge.p()) {
      badState = !badState;
    }
    return uLoss * 100 < (badState ? ge.lossInBad() : ge.lossInGood());
  }

  /** Stafford's mix13 finaliser: spreads neighbouring seeds over the whole 64-bit space. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
