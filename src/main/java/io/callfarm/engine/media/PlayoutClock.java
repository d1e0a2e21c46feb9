package io.callfarm.engine.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast the receive side really consumes audio, so the virtual microphones can send at that pace. The
 * headless audio device module's playout thread pulls 10 ms per loop but re-arms its timer from the time it
 * woke, on a millisecond clock, so it runs about 0.3 % slower than real time here (measured 2026-12-01:
 * 47,854 samples per second instead of 48,000). A sender on an exact clock then overfills every receiver's
 * jitter buffer by 0.3 %, and NetEq time-compresses speech every few seconds to drain it — the delay steps
 * that made a clean loopback call score below a jittered one. Giving every virtual device the same audio clock
 * (as phones share nothing but a nominal 48 kHz, a farm's devices here share the playout threads' real rate)
 * removes the drift; real device clocks differ by parts per million, not per thousand.
 *
 * <p>Each incoming stream reports what its playout thread pulled, naming whose microphone it carries; a stream's
 * rate is what it pulled since it started (or since its last pause of more than {@value #STALL_MS} ms), known once
 * that spans {@value #MIN_SECONDS} s. A sender's pace, {@link #samplesPerSecond(String)}, is the median over the
 * streams carrying its audio (so each microphone matches the receivers it feeds, whose threads differ by about
 * 0.1 %); without one, the median over all streams; without any, the last rate measured (all playout threads of a
 * machine behave alike), and the nominal {@value MicSource#SAMPLE_RATE} before any. Thread-safe: {@link #pulled}
 * runs on playout threads.
 */
final class PlayoutClock {

  static final double MIN_SECONDS = 1.0;
  static final long STALL_MS = 100;
  /** Measured rates outside ±2 % of nominal are not a clock but a stall or a burst; they are ignored. */
  private static final double PLAUSIBLE_SHARE = 0.02;

  private final Map<Object, StreamRate> streams = new ConcurrentHashMap<>();
  private final Map<Object, String> senders = new ConcurrentHashMap<>();
  private volatile double lastKnown = MicSource.SAMPLE_RATE;
  private final boolean followPlayout;

  /** @param followPlayout false: every pace is the nominal rate (what the clock measures is ignored) */
  PlayoutClock(boolean followPlayout) {
    this.followPlayout = followPlayout;
  }

  /** The playout thread of {@code stream}, which carries {@code sender}'s audio, delivered {@code frames} samples. */
  void pulled(String sender, Object stream, int frames, long nowNanos) {
    streams.computeIfAbsent(stream, s -> {
      senders.put(s, sender);
      return new StreamRate();
    }).add(frames, nowNanos);
  }

  /** The stream stopped (its connection closed): it no longer counts. */
  void stopped(Object stream) {
    streams.remove(stream);
    senders.remove(stream);
  }

  /** The pace {@code sender}'s microphone should send at, samples per second of {@link System#nanoTime()}. */
  double samplesPerSecond(String sender) {
    if (!followPlayout) {
      return MicSource.SAMPLE_RATE;
    }
    List<Double> own = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    for (Map.Entry<Object, StreamRate> e : streams.entrySet()) {
      double r = e.getValue().rate();
      if (r > 0) {
        all.add(r);
        if (sender.equals(senders.get(e.getKey()))) {
          own.add(r);
        }
      }
    }
    if (!own.isEmpty()) {
      return median(own);
    }
    if (all.isEmpty()) {
      return lastKnown;
    }
    lastKnown = median(all);
    return lastKnown;
  }

  private static double median(List<Double> rates) {
    rates.sort(null);
    int n = rates.size();
    return n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
  }

  /** Rate of one stream: samples pulled since it started pulling steadily. */
  private static final class StreamRate {
    private long start = -1;
    private long lastPull = -1;
    private long frames;
    private double rate;

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
