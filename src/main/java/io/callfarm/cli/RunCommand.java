package io.callfarm.cli;

import io.callfarm.farm.FarmConfig;
import io.callfarm.farm.FarmException;
import io.callfarm.report.AllureReport;
import io.callfarm.scenario.ScenarioTests;
import io.callfarm.report.AllureReportException;
import io.callfarm.report.AllureResults;
import io.callfarm.report.ReportsLayout;
import io.callfarm.report.SummaryCollector;
import io.callfarm.scratch.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.testng.TestNG;
import org.testng.xml.SuiteXmlParser;
import org.testng.xml.XmlClass;
import org.testng.xml.XmlSuite;
import org.testng.xml.XmlTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code callfarm run}: runs a TestNG suite XML or a single scenario YAML on the embedded default
 * (engine and virtual devices start automatically), writes the reports and exits non-zero when a
 * test failed. Each failed or broken test is printed as it ends and again, all together, at the end.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a suite (suites/*.xml) or one scenario (*.yaml) and write reports/.")
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SUITE_OR_SCENARIO")
  Path target;

  @Option(names = "--reports", defaultValue = "reports", description = "report folder (default: ${DEFAULT-VALUE})")
  Path reports;

  @Option(names = "--farm", defaultValue = "device-farm/farm.yaml", description = "farm config (default: ${DEFAULT-VALUE})")
  Path farm;

  @Override
  public Integer call() throws Exception {
    List<XmlSuite> suites;
    try {
      suites = List.of(checkedSuite());
      checkFarm();
      if (Files.exists(reports) && !Files.isDirectory(reports)) {
        throw new Refusal("not_a_folder", "--reports " + reports + " is a file, not a folder: give a folder "
            + "(created when absent)");
      }
    } catch (Refusal e) {
      return e.print(System.err);
    }
    ReportsLayout layout = new ReportsLayout(reports);
    Files.createDirectories(reports);
    FileTrees.delete(layout.allureResults());
    FileTrees.delete(reports.resolve("scenarios"));
    FileTrees.delete(reports.resolve("calls"));
    TestNG testng = new TestNG();
    testng.setOutputDirectory(reports.resolve("testng").toString());
    testng.addListener(AllureResults.listener(layout.allureResults()));
    SummaryCollector collector = new SummaryCollector(reports, System.err, System.console() != null);
    testng.addListener(collector);
    testng.addListener(new JUnitXml(layout.junit()));
    for (XmlSuite suite : suites) {
      String invalid = ScenarioTests.validate(suite.getParameters().get("scenarios"));
      if (invalid != null) {
        System.err.println("error: " + invalid);
        return 2;
      }
      Map<String, String> parameters = new HashMap<>(suite.getParameters());
      parameters.put("farm", farm.toString());
      parameters.put("reports", reports.toString());
      suite.setParameters(parameters);
    }
    testng.setXmlSuites(suites);
    testng.run();
    List<String> failures = collector.failures();
    if (!failures.isEmpty()) {
      System.out.println(failures.size() + (failures.size() == 1 ? " test" : " tests")
          + " did not pass (file:line: step: what the device saw instead):");
      failures.forEach(System.out::println);
    }
    System.out.println("summary: " + layout.summary().toAbsolutePath());
    System.out.println("JUnit XML: " + layout.junit().toAbsolutePath());
    try {
      Path index = AllureReport.generate(layout.allureResults(), layout.html());
      System.out.println("HTML report: " + index.toAbsolutePath());
      System.out.println(AllureReport.openHint(layout.html()));
    } catch (AllureReportException e) {
      System.err.println("error: the HTML report could not be generated: " + e.getMessage());
      return 3;
    }
    return testng.getStatus() == 0 ? 0 : 1;
  }

  /** The suite {@link #target} names, parsed and with every class it lists on the classpath. */
  private XmlSuite checkedSuite() {
    if (Files.isDirectory(target)) {
      throw new Refusal("invalid_argument", target + " is a folder: give a suites/*.xml or a scenario .yaml "
          + "(a folder of scenarios goes in a suite's 'scenarios' parameter)");
    }
    if (!Files.isRegularFile(target)) {
      throw new Refusal("no_such_file", target + " does not exist (give a suites/*.xml or a scenario .yaml)");
    }
    String name = target.getFileName().toString();
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return singleScenario(target);
    }
    if (!name.endsWith(".xml")) {
      throw new Refusal("invalid_argument", target + " is neither a suite .xml nor a scenario .yaml");
    }
    XmlSuite suite = suiteFile(target);
    for (XmlTest test : suite.getTests()) {
      for (XmlClass xmlClass : test.getXmlClasses()) {
        try {
          Class.forName(xmlClass.getName(), false, RunCommand.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          throw new Refusal("bad_suite", target + ": test '" + test.getName() + "' names class "
              + xmlClass.getName() + ", which is not on the classpath (check the spelling and package)");
        }
      }
    }
    return suite;
  }

  /** Parses the suite without loading its classes ({@link #checkedSuite} checks them with a clear message). */
  private static XmlSuite suiteFile(Path xml) {
    try (java.io.InputStream in = Files.newInputStream(xml)) {
      XmlSuite suite = new SuiteXmlParser().parse(xml.toString(), in, false);
      suite.setFileName(xml.toAbsolutePath().toString());
      return suite;
    } catch (java.io.IOException e) {
      throw new Refusal("io", xml + ": cannot read (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      throw new Refusal("bad_suite", xml + ": not a TestNG suite XML (" + rootMessage(e) + ")");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = Refusal.rootCause(e);
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse("").strip();
  }

  /** The farm config must exist and parse: a missing or broken one is refused, never replaced. */
  private void checkFarm() {
    if (!Files.isRegularFile(farm)) {
      throw new Refusal("no_such_file", "--farm " + farm + ": no such file (the farm config, default "
          + "device-farm/farm.yaml)");
    }
    try {
      FarmConfig.load(farm);
    } catch (FarmException e) {
      throw new Refusal(e.code().id(), e.getMessage());
    }
  }

  private XmlSuite singleScenario(Path scenario) {
    XmlSuite suite = new XmlSuite();
    suite.setName(scenario.getFileName().toString());
    suite.setParameters(Map.of("scenarios", scenario.toString()));
    XmlTest test = new XmlTest(suite);
    test.setName(scenario.getFileName().toString());
    test.setXmlClasses(List.of(new XmlClass("io.callfarm.scenario.ScenarioTests")));
    return suite;
  }
}
