package io.callfarm.interop;

import io.callfarm.engine.call.Flavour;
import io.callfarm.report.Attachments;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Optional;
import org.testng.annotations.Parameters;
import org.testng.annotations.Test;

/**
 * {@code suites/matrix.xml}: every matrix scenario for every ordered pair of flavours, one TestNG test per cell
 * (in parallel: the scenarios are signalling only; cells with the browser client share a few browsers and run
 * one at a time). A cell's verdict is the result, not a failure: a test fails only when its cell could not run
 * ({@code error}). Afterwards {@code reports/interop/matrix.json|html|png} are written, attached to the report
 * and summarised on the console. Suite parameters: {@code matrix} (the scenarios' folder, default
 * {@code suites/matrix}), {@code flavours} (comma-separated, default all five), {@code reports}.
 */
public class MatrixTests {
  private MatrixParties parties;
  private CellRunner runner;
  private final Semaphore webCells = new Semaphore(1);
  private final Map<String, Cell> results = new ConcurrentHashMap<>();
  private List<String> flavours;
  private List<MatrixScenario> scenarios;
  private Path reports;
  private long startNanos;

  @BeforeClass(groups = "scenario")
  @Parameters({"matrix", "flavours", "reports"})
  public void start(@Optional("suites/matrix") String matrix, @Optional("") String flavourList,
      @Optional("reports") String reportsDir) throws Exception {
    reports = Path.of(reportsDir);
    scenarios = MatrixScenario.loadAll(Path.of(matrix));
    flavours = flavourList.isBlank() ? Flavour.ALL_IDS : Arrays.stream(flavourList.split(",")).map(String::trim)
        .toList();
    for (String f : flavours) {
      if (!Flavour.WEB.equals(f)) {
        Flavour.of(f);
      }
    }
    for (MatrixScenario s : scenarios) {
      if (flavours.contains(Flavour.WEB) && s.parties().size() > MatrixParties.BROWSERS) {
        throw new IllegalArgumentException(matrix + "/" + s.name() + ".yaml has " + s.parties().size()
            + " parties, but the matrix keeps " + MatrixParties.BROWSERS + " browsers for the web client's cells");
      }
    }
    Path run = Files.createDirectories(reports.resolve("run"));
    Files.deleteIfExists(run.resolve("matrix.db"));
    parties = new MatrixParties(run.resolve("matrix.db"), flavours.contains(Flavour.WEB));
    String runId = "m" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    runner = new CellRunner(parties::party, runId);
    startNanos = System.nanoTime();
  }

  /** One cell to run. */
  public record CellSpec(MatrixScenario scenario, String caller, String callee) {
    @Override
    public String toString() {
      return caller + " -> " + callee + ": " + scenario.name();
    }
  }

  @DataProvider(name = "cells", parallel = true)
  public Iterator<Object[]> cells() {
    List<Object[]> out = new ArrayList<>();
    for (MatrixScenario s : scenarios) {
      for (String caller : flavours) {
        for (String callee : flavours) {
          out.add(new Object[] {new CellSpec(s, caller, callee)});
        }
      }
    }
    return out.iterator();
  }

  @Test(dataProvider = "cells", groups = "scenario")
  public void cell(CellSpec spec) throws Exception {
    Allure.getLifecycle().updateTestCase(t -> t.setName(spec.toString()));
    Allure.description(spec.scenario().description());
    boolean web = spec.caller().equals(Flavour.WEB) || spec.callee().equals(Flavour.WEB);
    if (web) {
      webCells.acquire();
    }
    Cell cell;
    try {
      cell = runner.run(spec.scenario(), spec.caller(), spec.callee());
    } finally {
      if (web) {
        webCells.release();
      }
    }
    results.put(spec.toString(), cell);
    Allure.parameter("verdict", cell.verdict().id());
    if (!cell.detail().isEmpty()) {
      Attachments.text("verdict detail", cell.verdict().id() + ": " + cell.detail());
    }
    if (cell.verdict() == Cell.Verdict.ERROR) {
      throw new AssertionError(spec + ": the cell could not run: " + cell.detail());
    }
  }

  @AfterClass(groups = "scenario", alwaysRun = true)
  public void finish() throws Exception {
    try {
      if (runner != null) {
        List<Cell> ordered = new ArrayList<>();
        for (Object[] spec : (Iterable<Object[]>) this::cells) {
          Cell c = results.get(spec[0].toString());
          if (c != null) {
            ordered.add(c);
          }
        }
        MatrixReport report = new MatrixReport(flavours, scenarios.stream().map(MatrixScenario::name).toList(),
            ordered, (System.nanoTime() - startNanos) / 1e9);
        Path dir = reports.resolve("interop");
        report.write(dir);
        Allure.addAttachment("interop matrix", "text/html", Files.readString(dir.resolve("matrix.html")), "html");
        Allure.addAttachment("interop matrix (image)", "image/png",
            new java.io.ByteArrayInputStream(Files.readAllBytes(dir.resolve("matrix.png"))), "png");
        System.out.print(report.summary());
        System.out.println("matrix: " + dir.resolve("matrix.json").toAbsolutePath());
      }
    } finally {
      if (parties != null) {
        parties.close();
      }
    }
  }
}
