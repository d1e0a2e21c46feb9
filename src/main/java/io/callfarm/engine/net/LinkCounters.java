package io.callfarm.engine.net;

/**
 * A snapshot of one direction's counters, in datagrams unless named bytes. Every received datagram ends up
 * lost ({@code dropped}), tail-dropped ({@code droppedQueue}), still in flight, or sent
 * ({@code forwarded - duplicated}, minus {@code sendFailed}): once nothing is in flight,
 * {@code received == dropped + droppedQueue + forwarded - duplicated + sendFailed}.
 *
 * @param received datagrams that arrived at the relay in this direction
 * @param forwarded datagrams sent to the destination, duplicates included
 * @param dropped lost by random or Gilbert-Elliott loss
 * @param droppedQueue tail-dropped because the rate limiter's queue was full
 * @param duplicated extra copies scheduled (one per duplicated datagram)
 * @param reordered datagrams sent at once, skipping the delay
 * @param delayed datagrams given more than 0 ns of delay plus jitter (rate-limiter waits not counted)
 * @param corrupted datagrams with a bit flipped
 * @param sendFailed datagrams the socket refused to send (buffer full, destination gone)
 * @param bytesReceived payload bytes received
 * @param bytesForwarded payload bytes sent, duplicates included
 */
public record LinkCounters(
    long received,
    long forwarded,
    long dropped,
    long droppedQueue,
    long duplicated,
    long reordered,
    long delayed,
    long corrupted,
    long sendFailed,
    long bytesReceived,
    long bytesForwarded) {

  /** Datagrams accepted but not yet sent or failed, in datagrams ({@code >= 0}). */
  public long inFlight() {
    return received - dropped - droppedQueue + duplicated - forwarded - sendFailed;
  }
}
