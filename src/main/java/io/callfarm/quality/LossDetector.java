package io.callfarm.quality;

/**
 * Estimates how much of the talker's active speech never arrived: stretches where the degraded signal is
 * missing (a gap at least 20 dB below the gain-scaled reference) or concealed (present but no longer
 * resembling the reference waveform, even when shifted by up to ±5 ms; judged only within 15 dB of the
 * reference's loudest 20 ms, so codec noise and quiet passages are not mistaken for concealment). Everything
 * is judged below 4 kHz, which every speech codec keeps. Works on 1 ms sub-frames so the share
 * is accurate whatever the phase of the sender's 20 ms packet grid; sub-frames at the edge of a gap are
 * credited with the fraction of their energy that is missing.
 */
final class LossDetector {

  /** A sub-frame is a gap when the degraded energy is below this fraction of the reference's (−20 dB). */
  static final double GAP_RATIO = 0.01;
  /** Reference context (20 ms) must be above this level, after the path gain, to be judged, dBov. */
  static final double ACTIVE_DBOV = -50.0;
  /** Waveform similarity below which a present 20 ms window counts as concealment. */
  static final double CONCEALED_CORRELATION = 0.6;
  /** Reference windows more than this far below the loudest 20 ms of the reference are not judged for concealment, dB. */
  static final double CONCEALMENT_RANGE_DB = 15.0;
  private static final double MAX_SHIFT_MS = 5.0;
  private static final int LOW_BAND_RATE = 8000;
  // sub-frame states
  private static final byte NOT_JUDGED = 0;
  private static final byte PRESENT = 1;
  private static final byte LOST = 2;
  /** Too quiet in the reference to judge alone inside active speech: lost only between lost neighbours. */
  private static final byte UNDECIDED = 3;

  private LossDetector() {
  }

  /**
   * Share (0..1) of the reference's active time during which the degraded signal was missing or concealed;
   * 0 if the reference is never active.
   */
  static double lostShare(AlignedPair pair) {
    AlignedPair p = lowBand(pair);
    int sub = Math.max(1, p.sampleRate() / 1000);
    int ctx = p.sampleRate() / 50;
    float[] r = p.ref();
    float[] d = p.deg();
    // when nothing arrived the least-squares gain is 0 and would make every reference frame "inactive":
    // judge a silent recording at unity gain, so all of its speech counts as lost
    double g2 = nothingArrived(p) ? 1 : p.gain() * p.gain();
    int n = r.length / sub;
    double[] refE = new double[n];
    double[] degE = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = j * sub; i < (j + 1) * sub; i++) {
        refE[j] += g2 * r[i] * r[i];
        degE[j] += (double) d[i] * d[i];
      }
    }
    int half = ctx / sub / 2;
    double[] ctxE = new double[n]; // mean sub-frame energy of the reference over ±10 ms
    double maxCtx = 0;
    for (int j = 0; j < n; j++) {
      double s = 0;
      int from = Math.max(0, j - half);
      int to = Math.min(n, j + half);
      for (int k = from; k < to; k++) {
        s += refE[k];
      }
      ctxE[j] = s / (to - from);
      maxCtx = Math.max(maxCtx, ctxE[j]);
    }
    boolean[] concealed = concealedSubframes(p, sub, ctxE, maxCtx);
    byte[] state = new byte[n];
    double activeFloor = sub * Math.pow(10, ACTIVE_DBOV / 10);
    for (int j = 0; j < n; j++) {
      if (ctxE[j] < activeFloor) {
        continue;
      }
      if (refE[j] < GAP_RATIO * ctxE[j]) {
        state[j] = concealed[j] ? LOST : UNDECIDED;
      } else {
        state[j] = degE[j] < GAP_RATIO * refE[j] || concealed[j] ? LOST : PRESENT;
      }
    }
    double lost = 0;
    int active = 0;
    for (int j = 0; j < n; j++) {
      if (state[j] == NOT_JUDGED) {
        continue;
      }
      active++;
      if (state[j] == LOST
          || state[j] == UNDECIDED && neighbour(state, j, -1) == LOST && neighbour(state, j, 1) == LOST) {
        lost++;
      } else if (state[j] == PRESENT && (j > 0 && state[j - 1] == LOST || j + 1 < n && state[j + 1] == LOST)) {
        lost += Math.max(0, Math.min(1, 1 - degE[j] / refE[j]));
      }
    }
    return active == 0 ? 0 : lost / active;
  }

  /** The recording carries less than a millionth (−60 dB) of the reference's energy. */
  private static boolean nothingArrived(AlignedPair p) {
    return energy(p.deg(), 0, p.deg().length) < 1e-6 * energy(p.ref(), 0, p.ref().length);
  }

  /** The nearest decided state (present or lost) in direction {@code dir}, or NOT_JUDGED. */
  private static byte neighbour(byte[] state, int j, int dir) {
    for (int k = j + dir; k >= 0 && k < state.length; k += dir) {
      if (state[k] == PRESENT || state[k] == LOST) {
        return state[k];
      }
      if (state[k] == NOT_JUDGED) {
        return NOT_JUDGED;
      }
    }
    return NOT_JUDGED;
  }

  /**
   * The pair resampled to 8 kHz: loss is judged below 4 kHz, which every speech codec keeps, so band-limiting
   * is not mistaken for missing audio.
   */
  private static AlignedPair lowBand(AlignedPair p) {
    if (p.sampleRate() <= LOW_BAND_RATE) {
      return p;
    }
    float[] r = Resampler.resample(new PcmAudio(p.sampleRate(), p.ref()), LOW_BAND_RATE,
        Resampler.FAST_ZERO_CROSSINGS).samples();
    float[] d = Resampler.resample(new PcmAudio(p.sampleRate(), p.deg()), LOW_BAND_RATE,
        Resampler.FAST_ZERO_CROSSINGS).samples();
    int n = Math.min(r.length, d.length);
    return new AlignedPair(java.util.Arrays.copyOf(r, n), java.util.Arrays.copyOf(d, n), LOW_BAND_RATE,
        p.refOffset(), p.gain());
  }

  /** Marks sub-frames whose centred 20 ms window is present but uncorrelated with the reference. */
  private static boolean[] concealedSubframes(AlignedPair p, int sub, double[] ctxE, double maxCtx) {
    int n = ctxE.length;
    boolean[] out = new boolean[n];
    int rate = p.sampleRate();
    float[] r = p.ref();
    float[] d = p.deg();
    double toSub = 1.0 / sub;
    int win = rate / 50;
    int hop = win / 2;
    int maxShift = (int) (rate * MAX_SHIFT_MS / 1000);
    double floor = maxCtx * Math.pow(10, -CONCEALMENT_RANGE_DB / 10);
    double sign = p.gain() < 0 ? -1 : 1;
    for (int start = 0; start + win <= Math.min(r.length, d.length); start += hop) {
      int centre = (int) ((start + win / 2) * toSub);
      if (centre >= n || ctxE[centre] < floor) {
        continue;
      }
      double dd = energy(d, start, win);
      if (dd < GAP_RATIO * energy(r, start, win) * p.gain() * p.gain()) {
        continue; // a gap, not concealment; judged by energy
      }
      if (sign * similarity(r, d, start, win, 0) >= CONCEALED_CORRELATION) {
        continue;
      }
      double best = 0;
      for (int s = -maxShift; s <= maxShift && best < CONCEALED_CORRELATION; s++) {
        best = Math.max(best, sign * similarity(r, d, start, win, s));
      }
      if (best < CONCEALED_CORRELATION) {
        int from = (int) ((start + win / 4) * toSub);
        int to = Math.min(n, (int) ((start + 3 * win / 4) * toSub));
        for (int j = from; j < to; j++) {
          out[j] = true;
        }
      }
    }
    return out;
  }

  private static double energy(float[] x, int from, int len) {
    double s = 0;
    for (int i = from; i < from + len; i++) {
      s += (double) x[i] * x[i];
    }
    return s;
  }

  /** Normalised correlation of ref[start..start+win) with deg shifted by {@code shift}; 0 outside the signal. */
  private static double similarity(float[] r, float[] d, int start, int win, int shift) {
    if (start + shift < 0 || start + shift + win > d.length) {
      return 0;
    }
    double rr = 0;
    double dd = 0;
    double rd = 0;
    for (int i = start; i < start + win; i++) {
      double a = r[i];
      double b = d[i + shift];
      rr += a * a;
      dd += b * b;
      rd += a * b;
    }
    return rr > 0 && dd > 0 ? rd / Math.sqrt(rr * dd) : 0;
  }
}
