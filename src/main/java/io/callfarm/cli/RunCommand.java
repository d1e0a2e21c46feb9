package io.callfarm.cli;

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
    if (!Files.isRegularFile(target)) {
      System.err.println("error: " + target + " does not exist (give a suites/*.xml or a scenario .yaml)");
      return 2;
    }
    String name = target.getFileName().toString();
    if (!name.endsWith(".xml") && !name.endsWith(".yaml") && !name.endsWith(".yml")) {
      System.err.println("error: " + target + " is neither a suite .xml nor a scenario .yaml");
      return 2;
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
    List<XmlSuite> suites = List.of(name.endsWith(".xml") ? suiteFile(target)
        : singleScenario(target));
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

  private static XmlSuite suiteFile(Path xml) throws java.io.IOException {
    try (java.io.InputStream in = Files.newInputStream(xml)) {
      XmlSuite suite = new SuiteXmlParser().parse(xml.toString(), in, true);
      suite.setFileName(xml.toAbsolutePath().toString());
      return suite;
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
