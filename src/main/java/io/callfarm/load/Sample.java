package io.callfarm.load;

/**
 * One second of a run, as written to {@code timeseries.csv}.
 *
 * @param t seconds since the call phase began (end of the sampled second)
 * @param attempted calls placed in this second
 * @param connected invitations connected (caller's onUserEnter) in this second
 * @param concurrent calls in progress at the end of the second
 * @param cps calls placed per second over this interval
 * @param p99InviteMs 99th percentile of invite→onInvited in this second, ms (0 when none)
 * @param cpu this process's CPU load, 0..1 of the whole machine (-1 when unavailable)
 * @param heapMb heap in use, MiB
 */
public record Sample(double t, long attempted, long connected, int concurrent, double cps,
    double p99InviteMs, double cpu, double heapMb) {

  static final String CSV_HEADER = "t,attempted,connected,concurrent,cps,p99_invite_ms,cpu,heap_mb";

  String csv() {
    return String.format(java.util.Locale.ROOT, "%.3f,%d,%d,%d,%.2f,%.3f,%.3f,%.1f", t, attempted,
        connected, concurrent, cps, p99InviteMs, cpu, heapMb);
  }
}
