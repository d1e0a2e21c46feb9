package io.callfarm.engine.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How fast the receive side really consumes audio, so the virtual microphones can send at that pace. The
 * headless audio device module's playout thread pulls 10 ms per loop but re-arms its timer from the time it
 * woke, on a millisecond clock, so it runs about 0.3 % slower than real time here (measured 2026-12-01:
 * 47,854 samples per second instead of 48,000). A sender on an exact clock then overfills every receiver's
 * jitter buffer by 0.3 %, and NetEq time-compresses speech every few seconds to drain it — the delay steps
 * that made a clean loopback call score below a jittered one. Giving every virtual device the same audio clock
 * (as phones share nothing but a nominal 48 kHz, a farm's devices here share the playout threads' real rate)
 * removes the drift; real device clocks differ by parts per million, not per thousand. (Fixed upstream by
 * webrtc-java pull request #244, an absolute 10 ms grid, which no release carries yet: with it, this rate is
 * nominal and the class changes nothing.)
 *
 * <p>Each incoming stream reports what its playout thread pulled, naming whose microphone it carries; a stream's
 * rate is what it pulled since it started (or since its last pause of more than {@value #STALL_MS} ms), known once
 * that spans {@value #MIN_SECONDS} s. A sender's pace, {@link #samplesPerSecond(String)}, is the median over the
 * streams carrying its audio (so each microphone matches the receivers it feeds: the streams of one playout thread
 * share its rate, and threads differ by about 0.1 %); without one, the median over all streams; without any, the
 * last rate measured (all playout threads of a machine behave alike), and the nominal
 * {@value MicSource#SAMPLE_RATE} before any. A pace is recomputed at most every {@value #REFRESH_MS} ms (rates are
 * measured over seconds, and the microphone clock asks for every frame of every device). Thread-safe:
 * {@link #pulled} runs on playout threads, {@link #samplesPerSecond} on the microphone clock.
 */
final class PlayoutClock {

  static final double MIN_SECONDS = 1.0;
  static final long STALL_MS = 100;
  static final long REFRESH_MS = 100;
  /** Measured rates outside ±2 % of nominal are not a clock but a stall or a burst; they are ignored. */
  private static final double PLAUSIBLE_SHARE = 0.02;
  private static final long REFRESH_NANOS = REFRESH_MS * 1_000_000L;

  private final Map<Object, StreamRate> streams = new ConcurrentHashMap<>();
  private final Map<String, Set<StreamRate>> bySender = new ConcurrentHashMap<>();
  private final Map<String, Pace> paces = new ConcurrentHashMap<>();
  /** The median over all streams when last computed; {@code null} before the first time. */
  private volatile Pace overall;
  private final boolean followPlayout;
  /** Ages the cached paces: {@link System#nanoTime()}, or a test's clock. */
  private final LongSupplier nanoTime;

  /** A computed pace and when ({@link System#nanoTime()}). */
  private record Pace(double samplesPerSecond, long atNanos) {
    boolean fresh(long now) {
      return now - atNanos < REFRESH_NANOS;
    }
  }

  /** @param followPlayout false: every pace is the nominal rate (what the clock measures is ignored) */
  PlayoutClock(boolean followPlayout) {
    this(followPlayout, System::nanoTime);
  }

  /** @param nanoTime what ages the cached paces (a test's clock; the engine's is {@link System#nanoTime()}) */
  PlayoutClock(boolean followPlayout, LongSupplier nanoTime) {
    this.followPlayout = followPlayout;
    this.nanoTime = nanoTime;
  }

  /** The playout thread of {@code stream}, which carries {@code sender}'s audio, delivered {@code frames} samples. */
  void pulled(String sender, Object stream, int frames, long nowNanos) {
    StreamRate rate = streams.get(stream);
    if (rate == null) {
      rate = streams.computeIfAbsent(stream, s -> new StreamRate(sender));
      bySender.computeIfAbsent(sender, s -> ConcurrentHashMap.newKeySet()).add(rate);
    }
    rate.add(frames, nowNanos);
  }

  /** The stream stopped (its connection closed): it no longer counts. */
  void stopped(Object stream) {
    StreamRate rate = streams.remove(stream);
    if (rate != null) {
      Set<StreamRate> own = bySender.get(rate.sender);
      if (own != null) {
        own.remove(rate);
      }
    }
  }

  /** The pace {@code sender}'s microphone should send at, samples per second of {@link System#nanoTime()}. */
  double samplesPerSecond(String sender) {
    if (!followPlayout) {
      return MicSource.SAMPLE_RATE;
    }
    long now = nanoTime.getAsLong();
    Pace pace = paces.get(sender);
    if (pace == null || !pace.fresh(now)) {
      double own = median(bySender.getOrDefault(sender, Set.of()));
      pace = new Pace(own > 0 ? own : overall(now), now);
      paces.put(sender, pace);
    }
    return pace.samplesPerSecond();
  }

  /**
   * The measured playout rate of the streams carrying {@code sender}'s audio (median), whatever the pacing;
   * {@link Double#NaN} while none has been measured.
   */
  double measured(String sender) {
    double own = median(bySender.getOrDefault(sender, Set.of()));
    return own > 0 ? own : Double.NaN;
  }

  /** The median over all streams, or the last one known when no stream has a rate yet. */
  private double overall(long now) {
    Pace last = overall;
    if (last == null || !last.fresh(now)) {
      double all = median(streams.values());
      last = new Pace(all > 0 ? all : last == null ? MicSource.SAMPLE_RATE : last.samplesPerSecond(), now);
      overall = last;
    }
    return last.samplesPerSecond();
  }

  /** Forgets the cached pace of a sender whose microphone stopped (its device closed). */
  void forget(String sender) {
    paces.remove(sender);
    Set<StreamRate> own = bySender.get(sender);
    if (own != null && own.isEmpty()) {
      bySender.remove(sender, own);
    }
  }

  /** Median of the known rates, or 0 when none is known. */
  private static double median(Iterable<StreamRate> rates) {
    List<Double> known = new ArrayList<>();
    for (StreamRate rate : rates) {
      double r = rate.rate();
      if (r > 0) {
        known.add(r);
      }
    }
    if (known.isEmpty()) {
      return 0;
    }
    known.sort(null);
    int n = known.size();
    return n % 2 == 1 ? known.get(n / 2) : (known.get(n / 2 - 1) + known.get(n / 2)) / 2;
  }

  /** Rate of one stream: samples pulled since it started pulling steadily. */
  private static final class StreamRate {
    private final String sender;
    private long start = -1;
    private long lastPull = -1;
    private long frames;
    private double rate;

    StreamRate(String sender) {
      this.sender = sender;
    }

    synchronized void add(int count, long now) {
      if (start < 0 || now - lastPull > STALL_MS * 1_000_000L) {
        start = now;
        frames = 0;
      } else {
        frames += count;
        double elapsed = (now - start) / 1e9;
        double r = frames / elapsed;
        if (elapsed >= MIN_SECONDS && Math.abs(r / MicSource.SAMPLE_RATE - 1) <= PLAUSIBLE_SHARE) {
          rate = r;
        }
      }
      lastPull = now;
    }

    synchronized double rate() {
      return rate;
    }
  }
}
