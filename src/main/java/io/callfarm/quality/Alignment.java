package io.callfarm.quality;

/**
 * Where the degraded signal lines up with the reference: degraded sample {@code i + delaySamples} carries
 * reference sample {@code i}.
 *
 * @param delaySamples delay of the degraded signal in samples at {@code sampleRate}; negative if it is early
 * @param sampleRate   rate the delay is counted in, samples per second
 * @param correlation  normalised cross-correlation at that delay, in [-1, 1]; near 0 means no trustworthy match
 */
public record Alignment(int delaySamples, int sampleRate, double correlation) {

  /** The delay in milliseconds (negative if the degraded signal is early). */
  public double delayMs() {
    return delaySamples * 1000.0 / sampleRate;
  }
}
