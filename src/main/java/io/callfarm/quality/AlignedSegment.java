package io.callfarm.quality;

/**
 * A stretch of the reference that the degraded signal carries at one delay: an utterance, or the part of one
 * between two playout adjustments (P.862 splits an utterance where its delay changes).
 *
 * @param refFrom    first reference sample of the stretch, at the analysis rate
 * @param refTo      end of the stretch (exclusive), samples
 * @param delay      degraded sample {@code i + delay} carries reference sample {@code i}, samples
 * @param confidence share (0..1) of the stretch's 64 ms alignment frames that agree on {@code delay} within
 *                   4 ms, each frame weighted by its correlation; near 0 means no trustworthy match
 */
record AlignedSegment(int refFrom, int refTo, int delay, double confidence) {
}
