package io.callfarm.engine.net;

/** Shape of the random jitter added to a packet's delay (netem {@code distribution}). */
public enum JitterDistribution {
  /** Uniform in {@code [delay - jitter, delay + jitter]} (netem's default without a table). */
  UNIFORM,
  /** Normal with mean {@code delay} and standard deviation {@code jitter}. */
  NORMAL
}
