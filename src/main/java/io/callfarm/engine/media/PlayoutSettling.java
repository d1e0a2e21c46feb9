package io.callfarm.engine.media;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells, from one receiver's {@code inbound-rtp} stats, when its jitter buffer (NetEq) has settled, so the
 * sender's microphone starts talking only then. NetEq starts with a target of {@value #NETEQ_START_TARGET_MS} ms,
 * stretches the first packets to grow its buffer towards it, learns within a second that a loopback link needs
 * far less (20 ms here), and then compresses the excess away — but only when its slow buffer-level filter gets
 * there: measured on this machine, 0.9 to 3.9 s after the first packet, depending on how much a start-up hiccup
 * had piled up. A microphone that talks after a fixed second has that compression land in its speech (a 20 ms
 * step, MOS 3.99 on the smoke call). Compressing silence costs nothing, so the microphone sends silence until
 * this says settled.
 *
 * <p>Settled means: over the last {@value #WINDOW_MS} ms NetEq neither stretched, compressed nor concealed, its
 * target delay did not move, the audio waited in its buffer no more than {@value #MARGIN_MS} ms beyond that
 * target (more is what it will compress later: 40 ms at a 20 ms target did, after 1.8 s), and the target has
 * left its start value (or playout has run {@value #START_TARGET_GRACE_MS} ms, for a link that really needs
 * {@value #NETEQ_START_TARGET_MS} ms). Once settled, it stays settled. One instance per incoming stream; the
 * readings come from WebRTC's stats callback, {@link #settled()} from the microphone clock: thread-safe.
 */
final class PlayoutSettling {

  static final long NETEQ_START_TARGET_MS = 80;
  static final long WINDOW_MS = 500;
  static final long MARGIN_MS = 10;
  static final long START_TARGET_GRACE_MS = 2_000;
  /** How often a settling stream's stats are read (by the engine's clock thread), ms. */
  static final long POLL_MS = 200;
  /** A stats reading not answered within this long is taken as lost, ms. */
  static final long READING_LOST_MS = 2_000;

  /** Cumulative {@code inbound-rtp} counters at one instant (seconds and 48 kHz samples, as webrtc-stats gives). */
  record Reading(long atNanos, double jitterBufferDelaySeconds, double jitterBufferTargetDelaySeconds,
      long emittedSamples, long insertedSamplesForDeceleration, long removedSamplesForAcceleration,
      long concealedSamples) {

    /** The reading in {@code report}'s {@code inbound-rtp} entry, or {@code null} if it has none yet. */
    static Reading of(RTCStatsReport report, long atNanos) {
      for (RTCStats stats : report.getStats().values()) {
        if (stats.getType() == RTCStatsType.INBOUND_RTP) {
          Map<String, Object> a = stats.getAttributes();
          return new Reading(atNanos, number(a, "jitterBufferDelay"), number(a, "jitterBufferTargetDelay"),
              (long) number(a, "jitterBufferEmittedCount"), (long) number(a, "insertedSamplesForDeceleration"),
              (long) number(a, "removedSamplesForAcceleration"), (long) number(a, "concealedSamples"));
        }
      }
      return null;
    }

    private static double number(Map<String, Object> attributes, String name) {
      return attributes.get(name) instanceof Number n ? n.doubleValue() : 0;
    }
  }

  /** The readings spanning the last {@value #WINDOW_MS} ms (the oldest just at or beyond it). */
  private final List<Reading> window = new ArrayList<>();
  private long firstEmittingNanos = -1;
  private double firstTargetMs = Double.NaN;
  private boolean targetMoved;
  private boolean settled;
  private long readingSinceNanos = -1;
  private String lastState = "no stats yet";

  /**
   * Claims the next stats reading at {@code nowNanos}; false while one is still in flight (a busy machine answers
   * slowly, and requests must not pile up on the signal thread), unless that one was claimed more than
   * {@value #READING_LOST_MS} ms ago (it is taken as lost). Pair with {@link #readingDone()}.
   */
  synchronized boolean startReading(long nowNanos) {
    if (readingSinceNanos >= 0 && nowNanos - readingSinceNanos < READING_LOST_MS * 1_000_000L) {
      return false;
    }
    readingSinceNanos = nowNanos;
    return true;
  }

  /** The reading claimed by {@link #startReading} has completed (or failed). */
  synchronized void readingDone() {
    readingSinceNanos = -1;
  }

  /** Adds the next reading (readings must come in time order). */
  synchronized void add(Reading r) {
    if (settled || r == null) {
      return;
    }
    Reading previous = window.isEmpty() ? null : window.get(window.size() - 1);
    if (previous != null && r.atNanos() <= previous.atNanos()) {
      return;
    }
    window.add(r);
    if (previous != null && r.emittedSamples() > previous.emittedSamples()) {
      if (firstEmittingNanos < 0) {
        firstEmittingNanos = previous.atNanos();
      }
      double target = intervalTargetMs(previous, r);
      if (Double.isNaN(firstTargetMs)) {
        firstTargetMs = target;
      } else if (Math.abs(target - firstTargetMs) >= 1) {
        targetMoved = true;
      }
    }
    long windowNanos = WINDOW_MS * 1_000_000L;
    while (window.size() > 2 && r.atNanos() - window.get(1).atNanos() >= windowNanos) {
      window.remove(0);
    }
    settled = judge(r);
    if (settled) {
      lastState = "settled";
    }
  }

  /** Not waited for (the path is impaired: NetEq keeps adapting, and that is what is measured): counts as settled. */
  synchronized void waive(String why) {
    if (!settled) {
      settled = true;
      lastState = why;
    }
  }

  /** Whether NetEq has settled (see the class comment); once true, stays true. */
  synchronized boolean settled() {
    return settled;
  }

  /** The last reason it is not settled yet (or "settled"), for the log when a microphone stops waiting. */
  synchronized String state() {
    return lastState;
  }

  private boolean judge(Reading newest) {
    Reading oldest = window.get(0);
    if (firstEmittingNanos < 0 || newest.atNanos() - oldest.atNanos() < WINDOW_MS * 1_000_000L) {
      lastState = "less than " + WINDOW_MS + " ms of playout read";
      return false;
    }
    Reading previous = null;
    double target = Double.NaN;
    for (Reading r : window) {
      if (previous != null) {
        if (r.emittedSamples() <= previous.emittedSamples()) {
          lastState = "playout paused";
          return false;
        }
        if (r.insertedSamplesForDeceleration() > previous.insertedSamplesForDeceleration()
            || r.removedSamplesForAcceleration() > previous.removedSamplesForAcceleration()
            || r.concealedSamples() > previous.concealedSamples()) {
          lastState = "NetEq is stretching, compressing or concealing";
          return false;
        }
        double t = intervalTargetMs(previous, r);
        if (!Double.isNaN(target) && Math.abs(t - target) >= 1) {
          lastState = String.format("target delay moving (%.0f -> %.0f ms)", target, t);
          return false;
        }
        target = t;
      }
      previous = r;
    }
    double waitedMs = 1000 * (newest.jitterBufferDelaySeconds() - oldest.jitterBufferDelaySeconds())
        / (newest.emittedSamples() - oldest.emittedSamples());
    if (waitedMs > target + MARGIN_MS) {
      lastState = String.format("buffer %.0f ms above a %.0f ms target (NetEq will compress it)", waitedMs - target,
          target);
      return false;
    }
    boolean startTarget = !targetMoved && Math.abs(target - NETEQ_START_TARGET_MS) < 1;
    if (startTarget && newest.atNanos() - firstEmittingNanos < START_TARGET_GRACE_MS * 1_000_000L) {
      lastState = "target still at NetEq's start value";
      return false;
    }
    return true;
  }

  /** The mean target delay of the samples emitted between two readings, ms. */
  private static double intervalTargetMs(Reading from, Reading to) {
    return 1000 * (to.jitterBufferTargetDelaySeconds() - from.jitterBufferTargetDelaySeconds())
        / (to.emittedSamples() - from.emittedSamples());
  }
}
