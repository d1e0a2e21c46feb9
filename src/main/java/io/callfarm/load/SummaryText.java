package io.callfarm.load;

import java.util.Locale;
import java.util.Map;

/** The human-readable summary of a {@link LoadReport}, as the CLI prints it. */
public final class SummaryText {
  private SummaryText() {}

  public static String render(LoadReport r) {
    StringBuilder out = new StringBuilder();
    LoadProfile p = r.profile();
    line(out, "load run: %d users, target %.1f cps for %.0f s (ramp %.0f s), answer %s, group share"
        + " %.2f, talk %.1f s, timeout %.1f s", p.users(), p.cps(), LoadProfile.seconds(p.duration()),
        LoadProfile.seconds(p.ramp()), p.answer(), p.groupShare(), LoadProfile.seconds(p.talk()),
        LoadProfile.seconds(p.invitationTimeout()));
    line(out, "users logged in: %d in %.1f s (%.0f logins/s); load generator live heap %s",
        r.usersLoggedIn(), r.loginSeconds(), r.loginRate(), r.workers() != null
            ? "not measured (in the JMeter workers)"
            : String.format(Locale.ROOT, "%.0f MiB (%.1f KiB/user)", r.heapAfterLoginMb(),
                r.kibPerUser()));
    LoadReport.Engine engine = r.engine();
    line(out, "engine %s (%s): live heap %.0f MiB before login, %s; cpu avg %.0f%%", engine.uri(),
        engine.child() ? "child process" : "already running", engine.heapBeforeLoginMb(),
        engine.heapAfterLoginMb() < 0 ? "after login not measured"
            : String.format(Locale.ROOT, "%.0f MiB after (%.1f KiB/user)",
                engine.heapAfterLoginMb(), engine.kibPerUser()),
        100 * Math.max(0, engine.avgCpu()));
    if (r.workers() != null) {
      r.workers().forEach(w -> line(out, "worker %s: placed %d calls, completed %d, lost %d", w.id(),
          w.placed(), w.completed(), w.lost()));
    }
    line(out, "calls: %d placed of %d scheduled (%d 1v1, %d group); skipped %d (no idle users),"
        + " %d (behind schedule)", r.calls().placed(), r.calls().scheduled(), r.calls().oneToOne(),
        r.calls().group(), r.calls().skippedNoIdleUsers(), r.calls().skippedBehindSchedule());
    line(out, "rate: achieved %.1f cps of %.1f target", r.achievedCps(), r.targetCps());
    StringBuilder outcomes = new StringBuilder();
    r.invitations().forEach((k, v) -> outcomes.append(' ').append(k).append('=').append(v));
    line(out, "invitations:%s", outcomes);
    line(out, "concurrent calls: max %d, avg %.1f", r.maxConcurrentCalls(), r.avgConcurrentCalls());
    for (Map.Entry<String, Percentiles> e : r.latency().entrySet()) {
      Percentiles l = e.getValue();
      line(out, "latency %-21s n=%-7d p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms", e.getKey(),
          l.count(), l.p50Ms(), l.p90Ms(), l.p99Ms(), l.maxMs());
    }
    if (r.audio() != null) {
      line(out, "audio: %d users, %d streams analysed (%d failed), MOS-LQO mean %.2f min %.2f, "
          + "concealed at most %.1f%%", r.audio().users(), r.audio().streamsAnalysed(),
          r.audio().streamsFailed(), r.audio().mosMean(), r.audio().mosMin(),
          100 * r.audio().concealedShareMax());
      r.audio().failures().forEach(f -> line(out, "audio: not analysed: %s", f));
    }
    String cpu = r.avgCpu() < 0 ? "not measured (remote workers)"
        : String.format(Locale.ROOT, "avg %.0f%%, max %.0f%% of all cores", 100 * r.avgCpu(),
            100 * r.maxCpu());
    line(out, "load generator cpu: %s; %s max %.0f MiB", cpu,
        r.workers() != null ? "engine heap" : "heap", r.maxHeapMb());
    if (r.errors().isEmpty()) {
      line(out, "errors: none");
    }
    for (OutcomeBook.ErrorGroup e : r.errors()) {
      line(out, "errors: code %d x%d, e.g. %s", e.code(), e.count(), e.example());
    }
    line(out, "stray invitations %d, late callbacks %d, users stuck in a call %d",
        r.strayInvitations(), r.lateCallbacks(), r.stuckUsers());
    CrossCheck c = r.crossCheck();
    line(out, "engine cross-check: %d call records, %d invitations compared, %d skipped (errors),"
        + " %d mismatches", c.engineRecords(), c.compared(), c.skipped(), c.mismatches());
    c.examples().forEach(x -> line(out, "  mismatch: %s", x));
    r.overload().forEach(x -> line(out, "OVERLOAD: %s", x));
    line(out, "report: %s", String.join(", ", r.files()));
    line(out, "%s: lost %d", r.passed() ? "PASSED" : "FAILED", r.lost());
    return out.toString();
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }
}
