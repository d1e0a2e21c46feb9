package io.callfarm.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.scratch.Scratch;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testng.TestNG;
import org.testng.annotations.Test;

/**
 * End to end: allure-testng results from a real (nested) TestNG run, HTML from the Allure command line (fetched
 * on first use, ~25 MB), and a headless Chromium screenshot of the report served over HTTP, kept in
 * {@code target/report-samples} for a person to look at.
 */
public class AllureReportIT {

  private static final Path WORK = Path.of("target", "allure-it");
  private static final Path SAMPLES = Path.of("target", "report-samples");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test(groups = "integration", timeOut = 600_000)
  public void resultsBecomeAFollowableHtmlReport() throws Exception {
    Path results = clean(WORK.resolve("results"));
    Path html = WORK.resolve("html");
    SummaryCollector collector = new SummaryCollector(WORK, System.err, false);
    TestNG testng = new TestNG(false);
    testng.setOutputDirectory(WORK.resolve("testng").toString());
    testng.setTestClasses(new Class<?>[] {AllureFixture.class});
    testng.setVerbose(0);
    AllureLifecycle outer = Allure.getLifecycle(); // the suite running this test reports through it
    try {
      testng.addListener(AllureResults.listener(results));
      testng.addListener(collector);
      testng.run();
    } finally {
      Allure.setLifecycle(outer);
    }
    assertEquals(List.of(collector.summary().passed(), collector.summary().failed()), List.of(1, 1));
    assertEquals(files(results, "-result.json").size(), 2, "one result per test, no duplicate listener");
    assertTrue(files(results, "-attachment.png").size() >= 4, "timelines and plots attached");

    Path index = AllureReport.generate(results, html);
    assertTrue(Files.isRegularFile(index));
    JsonNode stats = ReportJson.MAPPER.readTree(html.resolve("widgets").resolve("summary.json").toFile())
        .get("statistic");
    assertEquals(stats.get("passed").asInt(), 1, stats.toString());
    assertEquals(stats.get("failed").asInt(), 1, stats.toString());

    if (Files.isExecutable(CHROMIUM)) {
      Files.createDirectories(SAMPLES);
      try (StaticFiles server = new StaticFiles(html)) {
        screenshot(server.uri().toString(), SAMPLES.resolve("allure-overview.png"));
        screenshot(server.uri() + "#suites/" + failedTestPath(html), SAMPLES.resolve("allure-failed-test.png"));
      }
    }
  }

  /** {@code <suite uid>/<test uid>} of the failed test, the fragment Allure's suites tab navigates with. */
  private static String failedTestPath(Path html) throws IOException {
    JsonNode root = ReportJson.MAPPER.readTree(html.resolve("data").resolve("suites.json").toFile());
    List<String> path = new ArrayList<>();
    if (!findFailed(root, path)) {
      throw new AssertionError("no failed test in " + html.resolve("data/suites.json"));
    }
    return path.get(path.size() - 2) + "/" + path.get(path.size() - 1);
  }

  private static boolean findFailed(JsonNode node, List<String> path) {
    if (node.has("uid")) {
      path.add(node.get("uid").asText());
    }
    if ("failed".equals(node.path("status").asText()) && !node.has("children")) {
      return true;
    }
    for (JsonNode child : node.path("children")) {
      if (findFailed(child, path)) {
        return true;
      }
    }
    if (node.has("uid")) {
      path.remove(path.size() - 1);
    }
    return false;
  }

  private static void screenshot(String url, Path png) throws IOException {
    Path profile = Scratch.folder("chromium-profile");
    List<String> command = List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + profile, "--virtual-time-budget=8000", "--window-size=1400,1000",
        "--screenshot=" + png.toAbsolutePath(), url);
    ProcessRun.Result r;
    try {
      r = ProcessRun.run(command, WORK, Map.of(), Duration.ofSeconds(90));
    } finally {
      clean(profile);
      Files.deleteIfExists(profile);
    }
    assertEquals(r.exitCode(), 0, "chromium failed: " + r.output());
    assertTrue(Files.size(png) > 10_000, "screenshot of " + url + " is nearly empty: " + r.output());
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  private static Path clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }
}
