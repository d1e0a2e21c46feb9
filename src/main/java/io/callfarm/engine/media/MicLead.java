package io.callfarm.engine.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds each microphone exactly as far ahead of the receivers it feeds as it was once their audio settled. The
 * {@link PlayoutClock} gives a microphone its receivers' average playout rate, but the headless playout thread's
 * rate moves with the machine's load (measured here: 47,705 to 47,926 samples per second between runs, and within a
 * run as other work comes and goes); a microphone on the average then overfills or drains the jitter buffer by the
 * difference, and NetEq time-stretches speech to put it right (the 3.6 ms delay flip-flops a loaded CI machine
 * showed). Samples sent minus samples played is the audio in flight; keeping it constant keeps the mouth-to-ear
 * delay constant, as a phone whose microphone and speaker share one clock does.
 *
 * <p>Each stream's lead (samples its sender sent minus samples its playout thread pulled, the pull interpolated to
 * the instant the sender's last frame was due) is latched {@value #SETTLE_MS} ms after it starts pulling (NetEq settles its buffer first;
 * the microphone warm-up covers that time), and again after a playout pause of more than
 * {@value PlayoutClock#STALL_MS} ms, a microphone restart or a jump of more than {@value #MAX_DRIFT_MS} ms (an event,
 * not a drift). The sender's frame period is then stretched by the median drift over its streams (see
 * {@link Trim}), by at most {@value #MAX_CORRECTION} of the period. Thread-safe: pulls arrive on
 * playout threads, {@link #periodFactor} and {@link #restart} run on the microphone clock.
 */
final class MicLead {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MicLead.class);

  static final long SETTLE_MS = 1_000;
  static final double CORRECTION_SECONDS = 1.0;
  static final double MAX_CORRECTION = 0.01;
  static final long MAX_DRIFT_MS = 20;
  static final long HISTORY_STEP_MS = 100;
  static final int HISTORY_ENTRIES = 128;
  static final double INTEGRAL_SECONDS = 4 * CORRECTION_SECONDS;
  /** Integration steps are at most this long (a microphone that paused does not wind the integral up). */
  private static final double RESTART_GAP_SECONDS = 0.1;

  private static final double SAMPLES_PER_NANO = MicSource.SAMPLE_RATE / 1e9;
  private static final long MAX_DRIFT_SAMPLES = MAX_DRIFT_MS * MicSource.SAMPLE_RATE / 1000;

  private final Map<String, Set<Stream>> bySender = new ConcurrentHashMap<>();
  private final Map<String, Trim> trims = new ConcurrentHashMap<>();
  private final boolean enabled;

  /** @param enabled false: every factor is 1 (the microphones keep the pace they are given) */
  MicLead(boolean enabled) {
    this.enabled = enabled;
  }

  /** A stream that will carry {@code sender}'s audio to one receiver. */
  Stream open(String sender) {
    Stream stream = new Stream(sender);
    bySender.computeIfAbsent(sender, s -> ConcurrentHashMap.newKeySet()).add(stream);
    return stream;
  }

  /** The stream ended: it no longer counts (with a sender's last stream, its correction goes too). */
  void close(Stream stream) {
    bySender.computeIfPresent(stream.sender, (s, streams) -> {
      streams.remove(stream);
      if (streams.isEmpty()) {
        trims.remove(s);
        return null;
      }
      return streams;
    });
  }

  /** {@code sender}'s microphone started afresh (after a stall it dropped what it could not send): re-latch. */
  void restart(String sender, long nowNanos) {
    for (Stream s : bySender.getOrDefault(sender, Set.of())) {
      s.settleFrom(nowNanos);
    }
  }

  /**
   * What to multiply {@code sender}'s frame period by, given the samples it has sent up to and including the frame
   * due at {@code dueNanos}: above 1 when its audio has piled up in the receivers since their leads were latched,
   * below 1 when it has drained.
   */
  double periodFactor(String sender, long sentSamples, long dueNanos) {
    if (!enabled) {
      return 1.0;
    }
    List<Long> drifts = new ArrayList<>();
    for (Stream s : bySender.getOrDefault(sender, Set.of())) {
      Long drift = s.drift(sentSamples, dueNanos);
      if (drift != null) {
        drifts.add(drift);
      }
    }
    if (drifts.isEmpty()) {
      return 1.0;
    }
    drifts.sort(null);
    int n = drifts.size();
    double median = n % 2 == 1 ? drifts.get(n / 2) : (drifts.get(n / 2 - 1) + drifts.get(n / 2)) / 2.0;
    return 1.0 + trims.computeIfAbsent(sender, s -> new Trim()).correction(median, dueNanos);
  }

  /**
   * One sender's correction, proportional and integral: the proportional part sheds a drift in
   * {@value #CORRECTION_SECONDS} s, the integral part learns a lasting rate difference (which the proportional
   * part alone would hold as a standing offset) over {@value #INTEGRAL_SECONDS} s, critically damped. Clock
   * thread only.
   */
  private static final class Trim {
    private double integral;
    private long lastDueNanos = -1;

    double correction(double driftSamples, long dueNanos) {
      double proportional = driftSamples / (MicSource.SAMPLE_RATE * CORRECTION_SECONDS);
      if (lastDueNanos >= 0 && dueNanos > lastDueNanos) {
        double dt = Math.min(RESTART_GAP_SECONDS, (dueNanos - lastDueNanos) / 1e9);
        integral = clamp(integral + proportional * dt / INTEGRAL_SECONDS);
      }
      lastDueNanos = dueNanos;
      return clamp(proportional + integral);
    }

    private static double clamp(double v) {
      return Math.max(-MAX_CORRECTION, Math.min(MAX_CORRECTION, v));
    }
  }

  /**
   * The rate at which the playout threads pulled {@code sender}'s audio between two instants (median over its
   * streams that pulled throughout, within the last {@value #HISTORY_ENTRIES} × {@value #HISTORY_STEP_MS} ms, to
   * {@value #HISTORY_STEP_MS} ms), samples per second; {@link Double#NaN} if no stream covers the interval.
   */
  double playoutRate(String sender, long fromNanos, long toNanos) {
    List<Double> rates = new ArrayList<>();
    for (Stream s : bySender.getOrDefault(sender, Set.of())) {
      double r = s.rate(fromNanos, toNanos);
      if (!Double.isNaN(r)) {
        rates.add(r);
      }
    }
    if (rates.isEmpty()) {
      return Double.NaN;
    }
    rates.sort(null);
    int n = rates.size();
    return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
  }

  /**
   * Whether every receiver in this engine of {@code sender}'s audio has a settled jitter buffer
   * ({@link PlayoutSettling}); true when there is none here (receivers elsewhere are not seen).
   */
  boolean playoutSettled(String sender) {
    return bySender.getOrDefault(sender, Set.of()).stream().allMatch(s -> s.settling.settled());
  }

  /** Why {@code sender}'s receivers here are not settled yet, one entry per unsettled stream. */
  List<String> unsettledStates(String sender) {
    return bySender.getOrDefault(sender, Set.of()).stream().filter(s -> !s.settling.settled())
        .map(s -> s.settling.state()).toList();
  }

  /**
   * One receiver's playout of one sender: what its playout thread pulled, the lead latched for it, and whether
   * its jitter buffer has settled.
   */
  static final class Stream {
    private final String sender;
    final PlayoutSettling settling = new PlayoutSettling();
    /** (instant, samples pulled by then), one entry per history step, the oldest overwritten. */
    private final long[] historyNanos = new long[HISTORY_ENTRIES];
    private final long[] historyPulled = new long[HISTORY_ENTRIES];
    private int historyCount;
    private long pulled;
    private long lastPullNanos = -1;
    private long settledAtNanos = -1;
    private boolean latched;
    private long latchedLead;

    private Stream(String sender) {
      this.sender = sender;
    }

    /** The playout thread pulled {@code frames} samples of this stream at {@code nowNanos}. */
    synchronized void pulled(int frames, long nowNanos) {
      if (lastPullNanos < 0 || nowNanos - lastPullNanos > PlayoutClock.STALL_MS * 1_000_000L) {
        if (lastPullNanos >= 0) {
          LOG.debug("{}: playout paused {} ms; lead re-latched", sender, (nowNanos - lastPullNanos) / 1_000_000);
        }
        settleFrom(nowNanos);
      }
      pulled += frames;
      lastPullNanos = nowNanos;
      int last = (historyCount - 1) % HISTORY_ENTRIES;
      if (historyCount == 0 || nowNanos - historyNanos[last] >= HISTORY_STEP_MS * 1_000_000L) {
        int next = historyCount % HISTORY_ENTRIES;
        historyNanos[next] = nowNanos;
        historyPulled[next] = pulled;
        historyCount++;
      }
    }

    /**
     * Pull rate over the history entries inside [from, to] (their least-squares slope, {@link PaceFit}); NaN if
     * the history does not reach back to {@code from}.
     */
    private synchronized double rate(long fromNanos, long toNanos) {
      int oldest = Math.max(0, historyCount - HISTORY_ENTRIES);
      PaceFit fit = new PaceFit();
      long firstAt = Long.MIN_VALUE;
      for (int i = oldest; i < historyCount; i++) {
        long at = historyNanos[i % HISTORY_ENTRIES];
        if (at >= fromNanos && at <= toNanos) {
          firstAt = fit.readings() == 0 ? at : firstAt;
          fit.add(at, historyPulled[i % HISTORY_ENTRIES]);
        }
      }
      boolean olderThanHistory = fit.readings() > 0 && firstAt == historyNanos[oldest % HISTORY_ENTRIES]
          && firstAt - fromNanos > HISTORY_STEP_MS * 1_000_000L;
      return fit.readings() < 2 || olderThanHistory ? Double.NaN : fit.samplesPerSecond();
    }

    private synchronized void settleFrom(long nowNanos) {
      settledAtNanos = nowNanos + SETTLE_MS * 1_000_000L;
      latched = false;
    }

    /** The lead's change since it was latched, samples; null while settling or before the first pull. */
    private synchronized Long drift(long sentSamples, long nowNanos) {
      if (lastPullNanos < 0 || nowNanos < settledAtNanos) {
        return null;
      }
      long since = Math.round((nowNanos - lastPullNanos) * SAMPLES_PER_NANO);
      long played = pulled + Math.max(-MicSource.FRAME_SAMPLES, Math.min(MicSource.FRAME_SAMPLES, since));
      long lead = sentSamples - played;
      if (!latched || Math.abs(lead - latchedLead) > MAX_DRIFT_SAMPLES) {
        if (latched) {
          LOG.debug("{}: lead jumped {} samples; re-latched", sender, lead - latchedLead);
        } else {
          LOG.debug("{}: lead latched at {} samples", sender, lead);
        }
        latched = true;
        latchedLead = lead;
      }
      return lead - latchedLead;
    }
  }
}
