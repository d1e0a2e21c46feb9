package io.callfarm.report;

import java.util.List;
import java.util.Locale;

/**
 * The per-call metrics as a self-contained HTML page (inline CSS, no scripts), attached to Allure and written
 * next to the run's reports, so the figures of all calls can be compared side by side.
 */
public final class MetricsTable {

  static final String MISSING = "–";

  private static final String STYLE = "body{font-family:sans-serif;font-size:13px;margin:12px}"
      + "table{border-collapse:collapse}th,td{border:1px solid #d6dbe1;padding:4px 8px}"
      + "th{background:#f1f4f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
      + "tr:nth-child(even) td{background:#fafbfc}";

  private MetricsTable() {}

  /** One row per call in the given order; an empty list gives a table with only its header. */
  public static String html(List<CallMetrics> calls) {
    StringBuilder b = new StringBuilder(1024 + calls.size() * 256);
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Call metrics</title><style>")
        .append(STYLE).append("</style></head><body>\n<table>\n<tr><th>call</th><th>scenario</th><th>devices</th>")
        .append("<th>setup ms</th><th>mouth-to-ear ms</th><th>MOS-LQO</th><th>E-model MOS</th><th>loss %</th>")
        .append("<th>jitter ms</th></tr>\n");
    for (CallMetrics c : calls) {
      b.append("<tr><td>").append(Html.escape(c.callId())).append("</td><td>").append(Html.escape(c.scenario()))
          .append("</td><td>").append(Html.escape(String.join(", ", c.devices()))).append("</td>");
      number(b, c.setupLatencyMs(), "%.0f");
      number(b, c.mouthToEarMs(), "%.0f");
      number(b, c.mosLqo(), "%.2f");
      number(b, c.eModelMos(), "%.2f");
      number(b, c.lossPercent(), "%.1f");
      number(b, c.jitterMs(), "%.1f");
      b.append("</tr>\n");
    }
    return b.append("</table>\n</body></html>\n").toString();
  }

  private static void number(StringBuilder b, Double v, String format) {
    b.append("<td class=\"n\">").append(v == null || v.isNaN() ? MISSING : String.format(Locale.ROOT, format, v))
        .append("</td>");
  }
}
