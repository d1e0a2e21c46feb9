package io.callfarm.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a signal is speaking, in the manner of P.862's voice-activity step: the signal is cut into 4 ms blocks,
 * a threshold is set between its noise floor and its speech level, short bursts are dropped, short pauses are
 * bridged, and what remains is split into utterances. The log-energy envelope above the threshold is what the
 * crude alignment correlates (a block's loudness matters, not its waveform, so codecs and concealment do not
 * hide a match).
 *
 * @param blockSamples samples per block (4 ms at the signal's rate)
 * @param envelope     per block: ln(energy / threshold) where the block is above the threshold, else 0
 * @param active       per block: part of speech after burst removal and pause bridging
 * @param thresholdDb  the activity threshold, dB relative to full scale (mean square)
 */
record SpeechActivity(int blockSamples, double[] envelope, boolean[] active, double thresholdDb) {

  /** Block length, seconds (P.862: 4 ms). */
  static final double BLOCK_SECONDS = 0.004;
  /** Bursts shorter than this are not speech, blocks (16 ms). */
  static final int MIN_BURST_BLOCKS = 4;
  /** Pauses shorter than this are bridged, blocks (200 ms). */
  static final int BRIDGE_BLOCKS = 50;
  /** Shortest utterance aligned on its own, blocks (200 ms); shorter speech joins its neighbour. */
  static final int MIN_UTTERANCE_BLOCKS = 50;
  /** The threshold sits at least this far above the noise floor, dB. */
  private static final double ABOVE_NOISE_DB = 9.0;
  /** ... and at most this far below the speech level, dB. */
  private static final double BELOW_SPEECH_DB = 35.0;
  /** The threshold lies at least this far below the speech level, dB (so a steady tone is active). */
  private static final double STEADY_MARGIN_DB = 3.0;
  /** Nothing quieter than this is ever speech, dB relative to full scale. */
  private static final double FLOOR_DB = -75.0;

  /** Activity of {@code x} (any rate). */
  static SpeechActivity of(float[] x, int sampleRate) {
    int block = Math.max(1, (int) Math.round(sampleRate * BLOCK_SECONDS));
    int n = x.length / block;
    double[] energyDb = new double[n];
    for (int b = 0; b < n; b++) {
      double s = 0;
      for (int i = b * block; i < (b + 1) * block; i++) {
        s += (double) x[i] * x[i];
      }
      energyDb[b] = 10 * Math.log10(s / block + 1e-15);
    }
    double threshold = threshold(energyDb);
    double[] envelope = new double[n];
    boolean[] active = new boolean[n];
    for (int b = 0; b < n; b++) {
      if (energyDb[b] > threshold) {
        envelope[b] = (energyDb[b] - threshold) * Math.log(10) / 10;
        active[b] = true;
      }
    }
    dropBursts(active);
    bridgePauses(active);
    return new SpeechActivity(block, envelope, active, threshold);
  }

  /**
   * Noise floor (10th percentile of block energies) and speech level (mean energy of the loudest fifth):
   * the threshold is {@value #ABOVE_NOISE_DB} dB above the floor, but never more than
   * {@value #BELOW_SPEECH_DB} dB below the speech level (a digitally silent floor would otherwise put it at
   * −150 dB), never less than {@value #STEADY_MARGIN_DB} dB below it, and never under {@value #FLOOR_DB} dB.
   */
  private static double threshold(double[] energyDb) {
    if (energyDb.length == 0) {
      return 0;
    }
    double[] sorted = energyDb.clone();
    java.util.Arrays.sort(sorted);
    double noise = sorted[sorted.length / 10];
    int loudFrom = sorted.length - Math.max(1, sorted.length / 5);
    double loud = 0;
    for (int i = loudFrom; i < sorted.length; i++) {
      loud += Math.pow(10, sorted[i] / 10);
    }
    double speech = 10 * Math.log10(loud / (sorted.length - loudFrom) + 1e-15);
    double threshold = Math.max(noise + ABOVE_NOISE_DB, speech - BELOW_SPEECH_DB);
    // a steady signal (a tone) has no floor below it: it is all activity
    return Math.max(FLOOR_DB, Math.min(threshold, speech - STEADY_MARGIN_DB));
  }

  private static void dropBursts(boolean[] active) {
    int b = 0;
    while (b < active.length) {
      if (!active[b]) {
        b++;
        continue;
      }
      int start = b;
      while (b < active.length && active[b]) {
        b++;
      }
      if (b - start < MIN_BURST_BLOCKS) {
        java.util.Arrays.fill(active, start, b, false);
      }
    }
  }

  private static void bridgePauses(boolean[] active) {
    int lastActive = -1;
    for (int b = 0; b < active.length; b++) {
      if (active[b]) {
        if (lastActive >= 0 && b - lastActive - 1 < BRIDGE_BLOCKS) {
          java.util.Arrays.fill(active, lastActive + 1, b, true);
        }
        lastActive = b;
      }
    }
  }

  /** Number of blocks. */
  int blocks() {
    return active.length;
  }

  /** Whether any block is speech. */
  boolean hasSpeech() {
    for (boolean a : active) {
      if (a) {
        return true;
      }
    }
    return false;
  }

  /**
   * The utterances as block ranges {@code [from, to)}, in order: runs of speech, where a run shorter than
   * {@value #MIN_UTTERANCE_BLOCKS} blocks joins the nearer neighbouring run (all of it, pause included) so every
   * utterance is long enough to align on its own. A signal whose only speech is shorter still has one.
   */
  List<int[]> utterances() {
    List<int[]> runs = new ArrayList<>();
    int b = 0;
    while (b < active.length) {
      if (!active[b]) {
        b++;
        continue;
      }
      int start = b;
      while (b < active.length && active[b]) {
        b++;
      }
      runs.add(new int[] {start, b});
    }
    boolean merged = true;
    while (merged && runs.size() > 1) {
      merged = false;
      for (int i = 0; i < runs.size(); i++) {
        int[] r = runs.get(i);
        if (r[1] - r[0] >= MIN_UTTERANCE_BLOCKS) {
          continue;
        }
        int gapBefore = i > 0 ? r[0] - runs.get(i - 1)[1] : Integer.MAX_VALUE;
        int gapAfter = i + 1 < runs.size() ? runs.get(i + 1)[0] - r[1] : Integer.MAX_VALUE;
        if (gapBefore <= gapAfter) {
          runs.get(i - 1)[1] = r[1];
        } else {
          runs.get(i + 1)[0] = r[0];
        }
        runs.remove(i);
        merged = true;
        break;
      }
    }
    return runs;
  }
}
