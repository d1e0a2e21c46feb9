package io.callfarm.cli;

import java.nio.file.Path;
import java.util.List;
import org.testng.IReporter;
import org.testng.ISuite;
import org.testng.reporters.JUnitReportReporter;
import org.testng.xml.XmlSuite;

/** TestNG's JUnit XML reporter, writing to the run's {@code reports/junit} folder for CI systems. */
final class JUnitXml implements IReporter {
  private final Path dir;

  JUnitXml(Path dir) {
    this.dir = dir;
  }

  @Override
  public void generateReport(List<XmlSuite> xmlSuites, List<ISuite> suites, String outputDirectory) {
    new JUnitReportReporter().generateReport(xmlSuites, suites, dir.toString());
  }
}
