package io.callfarm.cli;

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
 * test failed.
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
    Files.createDirectories(reports);
    TestNG testng = new TestNG();
    testng.setOutputDirectory(reports.resolve("testng").toString());
    List<XmlSuite> suites = List.of(name.endsWith(".xml") ? suiteFile(target)
        : singleScenario(target));
    for (XmlSuite suite : suites) {
      Map<String, String> parameters = new HashMap<>(suite.getParameters());
      parameters.put("farm", farm.toString());
      parameters.put("reports", reports.toString());
      suite.setParameters(parameters);
    }
    testng.setXmlSuites(suites);
    testng.run();
    System.out.println("reports: " + reports.toAbsolutePath());
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
