package io.callfarm.scenario;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.farm.Farm;
import io.callfarm.farm.FarmConfig;
import io.qameta.allure.Allure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.testng.ITestContext;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Optional;
import org.testng.annotations.Parameters;
import org.testng.annotations.Test;

/**
 * The scenario files of a suite as TestNG tests, one per file (DataProvider). Suite parameters:
 * {@code scenarios} (comma-separated files/folders), {@code farm} (farm.yaml, default
 * {@code device-farm/farm.yaml}), {@code reports} (default {@code reports}). Starts one embedded
 * engine and farm for the class and stops them after it.
 */
public class ScenarioTests {
  private Engine engine;
  private Farm farm;
  private ScenarioReporter reporter;

  @BeforeClass(groups = "scenario")
  @Parameters({"farm", "reports"})
  public void startFarm(@Optional("device-farm/farm.yaml") String farmFile,
      @Optional("reports") String reports) throws Exception {
    Path reportsDir = Path.of(reports);
    Path runDir = Files.createDirectories(reportsDir.resolve("run"));
    Files.deleteIfExists(runDir.resolve("engine.db"));
    FarmConfig config = FarmConfig.load(Path.of(farmFile));
    engine = Engine.start(EngineConfig.defaults(runDir.resolve("engine.db")));
    farm = new Farm(config, engine, true, reportsDir.resolve("calls"));
    reporter = new ScenarioReporter(reportsDir);
  }

  @AfterClass(groups = "scenario", alwaysRun = true)
  public void stopFarm() throws Exception {
    if (farm != null) {
      farm.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  /** Signalling-only scenarios: independent users, so they run in parallel. */
  @DataProvider(name = "signalling", parallel = true)
  public Iterator<Object[]> signallingScenarios(ITestContext context) {
    return select(context, false);
  }

  /**
   * Scenarios with real audio run one at a time: concurrent WebRTC calls on a small CI machine
   * would measure the machine's CPU, not the call.
   */
  @DataProvider(name = "media")
  public Iterator<Object[]> mediaScenarios(ITestContext context) {
    return select(context, true);
  }

  @Test(dataProvider = "signalling", groups = "scenario")
  public void scenario(ScenarioFile file) throws Exception {
    run(file);
  }

  @Test(dataProvider = "media", groups = "scenario")
  public void audioScenario(ScenarioFile file) throws Exception {
    run(file);
  }

  private void run(ScenarioFile file) throws Exception {
    Allure.getLifecycle().updateTestCase(test -> test.setName(file.scenario().name() + " ["
        + file.path().getFileName() + "]"));
    Allure.description(file.scenario().description());
    ScenarioResult result = new ScenarioRunner(farm, reporter.stepWrapper()).run(file.scenario());
    reporter.report(result);
    if (!result.passed()) {
      throw new AssertionError(result.failure());
    }
  }

  /**
   * Parses every scenario a suite names before anything starts, so a broken file is reported as
   * {@code file:line: problem} instead of a skipped test. Returns null when all are valid (or the
   * suite names none).
   */
  public static String validate(String scenarios) {
    if (scenarios == null) {
      return null;
    }
    try {
      for (Path path : ScenarioFiles.find(scenarios)) {
        new ScenarioParser().parse(path);
      }
      return null;
    } catch (ScenarioException e) {
      return e.getMessage();
    }
  }

  private static Iterator<Object[]> select(ITestContext context, boolean media) {
    String spec = context.getCurrentXmlTest().getParameter("scenarios");
    if (spec == null) {
      throw new ScenarioException("the suite needs a 'scenarios' parameter (files or folders)");
    }
    List<Object[]> out = new ArrayList<>();
    for (Path path : ScenarioFiles.find(spec)) {
      Scenario scenario = new ScenarioParser().parse(path);
      if (scenario.media() == media) {
        out.add(new Object[] {new ScenarioFile(path, scenario)});
      }
    }
    return out.iterator();
  }

  /** A scenario path whose toString is the file name, so test names read well in reports. */
  public record ScenarioFile(Path path, Scenario scenario) {
    @Override
    public String toString() {
      return path.getFileName().toString();
    }
  }
}
