package io.callfarm.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The result of a load run, written as {@code summary.json}. Rates are calls per second, latencies
 * milliseconds, memory MiB, CPU a 0..1 share of the whole machine.
 *
 * @param profile what was asked for
 * @param engineUri the engine's signalling URI (loopback)
 * @param usersLoggedIn users that completed login (the rest are in {@code loginFailures})
 * @param loginSeconds wall time to log everybody in
 * @param callPhaseSeconds wall time of the call phase
 * @param drainSeconds wall time from the end of the call phase until everything settled (or the
 *     drain deadline)
 * @param calls scheduled / placed / skipped calls
 * @param targetCps the profile's rate
 * @param achievedCps calls placed per second over the call phase after the ramp
 * @param invitations outcome counts, lost included
 * @param lost invitations without an outcome at the drain deadline (must be 0)
 * @param maxConcurrentCalls calls in progress at most
 * @param avgConcurrentCalls calls in progress on average over the per-second samples
 * @param latency login, invite→onInvited, accept→onUserEnter
 * @param errors errors reported to the delegates, grouped by code
 * @param strayInvitations invitations that reached a user not expecting them (rejected at once)
 * @param lateCallbacks caller callbacks for an invitee that already had a result
 * @param stuckUsers users still in a call at the drain deadline
 * @param heapAfterLoginMb heap in use after a GC once everybody was logged in (their live set)
 * @param maxHeapMb heap in use at most (per-second samples)
 * @param avgCpu mean process CPU load over the samples
 * @param maxCpu highest process CPU load of a sample
 * @param crossCheck agreement with the engine's call records
 * @param overload why the target rate was not met, empty when it was
 * @param files the report files, relative to the working directory
 * @param audio the audio share: streams analysed, mouth-to-ear, MOS, concealment; null when the run
 *     was signalling-only
 * @param loginRate users logged in per second of the login phase
 * @param kibPerUser the load generator's live heap per logged-in user, KiB (after-login live set
 *     minus the one before login, over the users)
 * @param engine the engine process's figures
 * @param workers per JMeter worker, in distributed runs only (null otherwise)
 */
public record LoadReport(LoadProfile profile, String engineUri, int usersLoggedIn,
    double loginSeconds, double callPhaseSeconds, double drainSeconds, Calls calls,
    double targetCps, double achievedCps, Map<String, Long> invitations, long lost,
    int maxConcurrentCalls, double avgConcurrentCalls, Map<String, Percentiles> latency,
    List<OutcomeBook.ErrorGroup> errors, long strayInvitations, long lateCallbacks, int stuckUsers,
    double heapAfterLoginMb, double maxHeapMb, double avgCpu, double maxCpu, CrossCheck crossCheck,
    List<String> overload, List<String> files, MediaCalls.Report audio, double loginRate,
    double kibPerUser, Engine engine, @JsonInclude(JsonInclude.Include.NON_NULL) List<Worker> workers) {

  /**
   * The engine process as the load generator saw it through the admin API.
   *
   * @param uri its signalling URI
   * @param child whether this run started it as its child process
   * @param heapBeforeLoginMb / heapAfterLoginMb its live heap (after a GC) before and after the login
   * @param kibPerUser its live heap per logged-in user, KiB
   * @param avgCpu its mean CPU load over the call phase and drain, 0..1 of the whole machine
   *     (-1 when unknown)
   * @param maxFiles its file-descriptor limit (-1 when unknown)
   */
  public record Engine(String uri, boolean child, double heapBeforeLoginMb, double heapAfterLoginMb,
      double kibPerUser, double avgCpu, long maxFiles) {}

  /**
   * One JMeter worker of a distributed run.
   *
   * @param id {@code host:port} of its jmeter-server
   * @param placed calls it placed
   * @param completed invitations that completed
   * @param lost invitations without an outcome
   */
  public record Worker(String id, long placed, long completed, long lost) {}

  /**
   * @param scheduled calls the pacer scheduled over the phase
   * @param placed calls placed
   * @param oneToOne placed 1v1 calls
   * @param group placed 3-party calls
   * @param skippedNoIdleUsers scheduled calls not placed: not enough idle users
   * @param skippedBehindSchedule scheduled calls not placed: the load loop fell over a second behind
   */
  public record Calls(long scheduled, long placed, long oneToOne, long group,
      long skippedNoIdleUsers, long skippedBehindSchedule) {}

  /** A clean run: every invitation has its outcome and the engine agrees. */
  public boolean passed() {
    return lost == 0 && crossCheck.mismatches() == 0
        && (workers == null || workers.stream().allMatch(w -> w.placed() > 0 && w.lost() == 0))
        && (audio == null || (audio.streamsFailed() == 0 && audio.streamsAnalysed() > 0));
  }
}
