package io.callfarm.load;

import java.time.Duration;

/**
 * What a load run does: how many virtual users, the call rate and its ramp, the call mix and how
 * callees answer. Immutable and validated on construction; every message names the option to fix.
 *
 * @param users virtual users logged in for the run (at least 2)
 * @param cps target call setups per second after the ramp (positive, at most {@code users})
 * @param duration length of the call phase (calls are placed only within it)
 * @param ramp linear ramp from 0 to {@code cps}, not longer than {@code duration}
 * @param groupShare share of calls, 0..1, that are 3-party group calls (2 invitees, no IM group)
 * @param mediaShare share of calls, 0..1, that carry real WebRTC audio between a pool of audio users
 *     ({@link MediaCalls}); every stream they receive is analysed
 * @param answer how callees answer
 * @param talk how long a connected call lasts before the caller hangs up (0 = at once)
 * @param invitationTimeout the components' invitation timeout (onNoResp / onCallingTimeOut)
 * @param eventThreads threads of the shared client runtime that run the components' events
 * @param seed seeds the call mix and the answer mix, so runs are repeatable
 */
public record LoadProfile(int users, double cps, Duration duration, Duration ramp,
    double groupShare, double mediaShare, AnswerMode answer, Duration talk,
    Duration invitationTimeout, int eventThreads, long seed) {

  /** Extra time after the last possible call end before unanswered invitations count as lost. */
  public static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);

  public LoadProfile {
    if (users < 2) {
      throw new IllegalArgumentException("--users must be at least 2 (a caller and a callee), got "
          + users);
    }
    if (!(cps > 0) || Double.isInfinite(cps)) {
      throw new IllegalArgumentException("--cps must be a positive number, got " + cps);
    }
    if (cps > users) {
      throw new IllegalArgumentException("--cps " + cps + " exceeds --users " + users
          + ": each call needs at least two idle users; raise --users or lower --cps");
    }
    requirePositive("--duration", duration);
    requireNotNegative("--ramp", ramp);
    if (ramp.compareTo(duration) > 0) {
      throw new IllegalArgumentException("--ramp " + seconds(ramp) + " s is longer than --duration "
          + seconds(duration) + " s");
    }
    requireShare("--group-share", groupShare);
    requireShare("--media-share", mediaShare);
    if (answer == null) {
      throw new IllegalArgumentException("--answer is required: accept, reject, mixed or none");
    }
    requireNotNegative("--talk", talk);
    if (mediaShare > 0 && talk.compareTo(MediaCalls.MIN_TALK) < 0) {
      throw new IllegalArgumentException("--media-share needs --talk of at least " + seconds(MediaCalls.MIN_TALK)
          + " s, got " + seconds(talk) + " s: audio users' microphones wait for settled jitter buffers (up to 5 s)"
          + " before they speak");
    }
    requirePositive("--timeout", invitationTimeout);
    if (eventThreads < 1) {
      throw new IllegalArgumentException("--event-threads must be at least 1, got " + eventThreads);
    }
  }

  /** How long after the call phase the run waits for outstanding outcomes before calling them lost. */
  public Duration drainDeadline() {
    return invitationTimeout.plus(talk).plus(DRAIN_MARGIN);
  }

  private static void requirePositive(String option, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(option + " must be a positive number of seconds, got "
          + (value == null ? "nothing" : seconds(value)));
    }
  }

  private static void requireNotNegative(String option, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(option + " must be 0 or more seconds, got "
          + (value == null ? "nothing" : seconds(value)));
    }
  }

  private static void requireShare(String option, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(option + " must be a share between 0 and 1, got " + share);
    }
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
