package io.callfarm.engine.net;

/**
 * Which way a datagram travels through a {@link UdpRelay}; each direction has its own impairment pipeline,
 * random stream and counters.
 */
public enum Direction {
  /** From the learned peer (whoever first sent to the relay) to the relay's target. */
  FORWARD,
  /** From the target back to the learned peer. */
  BACKWARD
}
