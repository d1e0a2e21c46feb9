package io.callfarm.scenario;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.cli.CallFarm;
import io.callfarm.cli.Launcher;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;
import picocli.CommandLine;

/**
 * The main job end to end, as a user runs it: {@code callfarm run} on the smoke suite passes and
 * writes its reports; a broken scenario fails with a message pointing at the failing step, on the console too;
 * expectations consume what they match (ten calls in a row pass, a stale callback satisfies nothing); a scenario
 * the farm can never hold is refused at once.
 */
@Test(groups = "integration")
public class MainJobIT {

  @Test
  public void smokeSuitePassesAndWritesReports() throws Exception {
    Path reports = Scratch.folder("callfarm-smoke");
    int exit = new CommandLine(new CallFarm()).execute("run", "suites/smoke.xml", "--reports",
        reports.toString());
    assertEquals(exit, 0, "smoke suite exit code");
    JsonNode speech = new ObjectMapper().readTree(
        reports.resolve("scenarios/1v1-speech-quality.json").toFile());
    assertTrue(speech.path("passed").asBoolean());
    assertTrue(speech.path("audio").get(0).path("report").path("delayMs").asDouble() > 0,
        "mouth-to-ear measured: " + speech.path("audio"));
  }

  @Test
  public void brokenScenarioFailsAtItsStep() throws Exception {
    Path reports = Scratch.folder("callfarm-broken");
    Launcher.Outcome run = Launcher.run("run", "src/test/resources/scenarios/broken-expectation.yaml", "--reports",
        reports.toString());
    assertEquals(run.exit(), 1, "a failed scenario makes the run fail");
    assertTrue(run.stdout().contains("1 test did not pass (file:line: step: what the device saw instead):\n"
        + "  FAILED scenario(broken-expectation.yaml): src/test/resources/scenarios/broken-expectation.yaml:11: "
        + "expect alice onUserEnter(bob) within 1000 ms: alice did not see onUserEnter(bob) within 1000 ms; it saw "
        + "[onReject(bob), onCallEnd]\n"), "the console says why: " + run.stdout());
    JsonNode result = new ObjectMapper().readTree(
        reports.resolve("scenarios/broken-expectation.json").toFile());
    String failure = result.path("failure").asText();
    assertTrue(failure.startsWith("src/test/resources/scenarios/broken-expectation.yaml:11: expect alice "
        + "onUserEnter(bob)"), failure);
    assertTrue(failure.contains("it saw [onReject(bob), onCallEnd]"), failure);
  }

  /** Ten calls in a row between one pair: each expectation waits for its own call's callbacks. */
  @Test
  public void tenCallsInARowBetweenOnePairPass() throws Exception {
    Path reports = Scratch.folder("callfarm-repeated");
    Launcher.Outcome run = Launcher.run("run", "suites/scenarios/calls/repeated-calls.yaml", "--reports",
        reports.toString());
    JsonNode result = new ObjectMapper().readTree(reports.resolve("scenarios/repeated-calls.json").toFile());
    assertEquals(run.exit(), 0, "repeated calls: " + result.path("failure").asText());
    assertTrue(result.path("passed").asBoolean());
  }

  /** A virtual device of another flavour keeps its quirks: an Android v4 callee's hangup sends no reject. */
  @Test
  public void aVirtualDeviceRunsItsScenarioFlavour() throws Exception {
    Path reports = Scratch.folder("callfarm-flavour");
    Launcher.Outcome run = Launcher.run("run", "suites/scenarios/calls/android-callee-hangs-up-before-accept.yaml",
        "--reports", reports.toString());
    JsonNode result = new ObjectMapper().readTree(
        reports.resolve("scenarios/android-callee-hangs-up-before-accept.json").toFile());
    assertEquals(run.exit(), 0, "android-v4 callee: " + result.path("failure").asText());
  }

  /** An expectation an earlier call's callback would have satisfied fails: the first one consumed it. */
  @Test
  public void anExpectationDoesNotMatchWhatAnEarlierOneConsumed() throws Exception {
    Path reports = Scratch.folder("callfarm-consumed");
    Launcher.Outcome run = Launcher.run("run", "src/test/resources/scenarios/second-call-end-never-comes.yaml",
        "--reports", reports.toString());
    assertEquals(run.exit(), 1, "the first call's onCallEnd must not satisfy the second expectation");
    String failure = new ObjectMapper().readTree(
        reports.resolve("scenarios/second-call-end-never-comes.json").toFile()).path("failure").asText();
    assertTrue(failure.startsWith("src/test/resources/scenarios/second-call-end-never-comes.yaml:18: expect bob "
        + "onCallEnd within 1000 ms: bob did not see onCallEnd within 1000 ms; after its last matched callback "
        + "(onInvited(alice,[],false), #5) it saw [onUserEnter(alice)]; before that [onInvited(alice,[],false), "
        + "onUserEnter(alice), onUserLeave(alice), onCallEnd, onInvited(alice,[],false)]"), failure);
  }

  /**
   * A scenario needing more browsers than {@code device-farm/farm.yaml} holds is refused before any lease, with a
   * code and the file to change, instead of a 60 s wait for devices that can never be free.
   */
  @Test
  public void aScenarioNeedingMoreDevicesThanThePoolIsRefusedAtOnce() throws Exception {
    Path reports = Scratch.folder("callfarm-too-many");
    long start = System.nanoTime();
    Launcher.Outcome run = Launcher.run("run", "src/test/resources/scenarios/four-browsers.yaml", "--reports",
        reports.toString());
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertEquals(run.exit(), 1);
    assertTrue(run.stdout().contains("  BROKEN scenario(four-browsers.yaml): ScenarioException: "
        + "src/test/resources/scenarios/four-browsers.yaml: error pool_too_small: "
        + "the scenario needs 4 browser devices at once, but device-farm/farm.yaml"
        + " holds 3 (pool 'chromium' count 3); raise 'count' there or use fewer browser devices"), run.stdout());
    assertTrue(seconds < 60, "refused before the lease's 60 s wait, took " + seconds + " s");
  }
}
