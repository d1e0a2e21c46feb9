package io.callfarm.scratch;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testng.IClassListener;
import org.testng.IConfigurationListener;
import org.testng.IExecutionListener;
import org.testng.ITestClass;
import org.testng.ITestListener;
import org.testng.ITestResult;

/**
 * The TestNG listener behind {@link Scratch}: knows which test class is running (classes run one after another
 * in our tiers), notes the classes with a failed test or configuration method, and when the run ends deletes the
 * scratch of every other class, logging what it keeps. Registered for the unit and integration tiers in the
 * pom's Surefire and Failsafe configuration (so a run of one class with {@code -Dtest} or {@code -Dit.test} cleans
 * up too); TestNG runs that tests start themselves do not get it, so they cannot end the outer run's scratch.
 */
public final class ScratchCleaner implements IClassListener, ITestListener, IConfigurationListener,
    IExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(ScratchCleaner.class);
  private static volatile String currentClass;

  /** The test class running now, or null (before the first or outside a registered run). */
  static String currentClass() {
    return currentClass;
  }

  @Override
  public void onBeforeClass(ITestClass testClass) {
    currentClass = testClass.getRealClass().getName();
  }

  @Override
  public void onTestFailure(ITestResult result) {
    Scratch.REGISTRY.failed(result.getTestClass().getRealClass().getName());
  }

  @Override
  public void onConfigurationFailure(ITestResult result) {
    Scratch.REGISTRY.failed(result.getTestClass().getRealClass().getName());
  }

  @Override
  public void onExecutionFinish() {
    try {
      for (ScratchRegistry.Kept kept : Scratch.REGISTRY.clean()) {
        LOG.warn("kept scratch {} as evidence ({})", kept.path(), kept.reason());
      }
    } catch (IOException e) {
      LOG.warn("scratch left behind: {}", e.toString());
    }
  }
}
