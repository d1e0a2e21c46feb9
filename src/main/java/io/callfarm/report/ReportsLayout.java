package io.callfarm.report;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one place that knows where a run's output goes under {@code reports/}: Allure results, the generated HTML,
 * JUnit XML for CI, the summary, and per-call files (timeline, recordings, plots). Pure path arithmetic; creates
 * nothing.
 *
 * @param root the reports directory, normally {@code reports} in the working directory
 */
public record ReportsLayout(Path root) {

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

  public ReportsLayout {
    if (root == null) {
      throw new IllegalArgumentException("reports root must not be null (use ReportsLayout.standard())");
    }
  }

  /** {@code reports/} relative to the working directory. */
  public static ReportsLayout standard() {
    return new ReportsLayout(Path.of("reports"));
  }

  /** {@code reports/allure-results}: raw allure-testng output, input of {@link AllureReport#generate}. */
  public Path allureResults() {
    return root.resolve("allure-results");
  }

  /** {@code reports/html}: the generated Allure report ({@code index.html}). */
  public Path html() {
    return root.resolve("html");
  }

  /** {@code reports/junit}: TestNG's {@code JUnitReportReporter} output directory for CI. */
  public Path junit() {
    return root.resolve("junit");
  }

  /** {@code reports/summary.json}. */
  public Path summary() {
    return root.resolve("summary.json");
  }

  /**
   * {@code reports/calls/<callId>}: a call's timeline, recordings and plots. Characters other than letters,
   * digits, {@code . _ -} in the id become {@code _} so any call id is a safe single directory name.
   */
  public Path call(String callId) {
    String safe = UNSAFE.matcher(callId).replaceAll("_");
    if (safe.isEmpty() || safe.equals(".") || safe.equals("..")) {
      throw new IllegalArgumentException("call id '" + callId + "' cannot name a directory");
    }
    return root.resolve("calls").resolve(safe);
  }
}
