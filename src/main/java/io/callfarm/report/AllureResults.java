package io.callfarm.report;

import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.testng.AllureTestNg;
import java.nio.file.Path;

/**
 * Where allure-testng writes its results. By default allure-java reads {@code allure.results.directory} once,
 * when the lifecycle is first used: this project's {@code allure.properties} sets {@code reports/allure-results}
 * and {@code -Dallure.results.directory=...} overrides it. A runner that chooses the directory at run time uses
 * {@link #listener(Path)} instead, before any test runs: system properties set after Allure's first use are
 * ignored.
 */
public final class AllureResults {

  private AllureResults() {}

  /**
   * Makes {@code resultsDir} the target of Allure's global lifecycle (so {@link Attachments} and
   * {@code Allure.step} write there too) and returns the TestNG listener feeding it; add it with
   * {@code TestNG.addListener}. allure-testng also registers itself through the ServiceLoader; TestNG keeps one
   * listener per class, the first one added, so add this one before {@code TestNG.run()}.
   */
  public static AllureTestNg listener(Path resultsDir) {
    AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(resultsDir));
    Allure.setLifecycle(lifecycle);
    return new AllureTestNg(lifecycle);
  }
}
