package io.callfarm.scenario;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.cli.CallFarm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;
import picocli.CommandLine;

/**
 * The main job end to end, as a user runs it: {@code callfarm run} on the smoke suite passes and
 * writes its reports; a broken scenario fails with a message pointing at the failing step.
 */
@Test(groups = "integration")
public class MainJobIT {

  @Test
  public void smokeSuitePassesAndWritesReports() throws Exception {
    Path reports = Files.createTempDirectory("callfarm-smoke");
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
    Path reports = Files.createTempDirectory("callfarm-broken");
    int exit = new CommandLine(new CallFarm()).execute("run",
        "src/test/resources/scenarios/broken-expectation.yaml", "--reports", reports.toString());
    assertEquals(exit, 1, "a failed scenario makes the run fail");
    JsonNode result = new ObjectMapper().readTree(
        reports.resolve("scenarios/broken-expectation.json").toFile());
    String failure = result.path("failure").asText();
    assertTrue(failure.startsWith("src/test/resources/scenarios/broken-expectation.yaml:11: expect alice "
        + "onUserEnter(bob)"), failure);
    assertTrue(failure.contains("it saw [onReject(bob), onCallEnd]"), failure);
  }
}
