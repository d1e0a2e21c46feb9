package io.callfarm.farm.browser;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.cli.Launcher;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.farm.ActionResult;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A browser device keeps the call component's semantics under races: accepting an invitation its caller has
 * already cancelled, rejecting with nothing ringing, or hanging up outside a call is a no-op the device reports
 * with what its screen showed — at once, never a wait for a button that is not there — and fires nothing; the next
 * real invitation is accepted as usual. In a scenario ({@code callfarm run}) the no-op is a passing step with a note.
 */
@Test(groups = "integration", timeOut = 60_000)
public class BrowserDeviceIT {
  private static final Duration JAVA_TIMEOUT = Duration.ofSeconds(10);
  /** Less than the 10 s a missing button would be waited for: the no-ops must not look for one. */
  private static final Duration AT_ONCE = Duration.ofSeconds(5);

  private EngineHarness farm;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(JAVA_TIMEOUT);
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    farm.close();
    List<String> left = ProcessHandle.current().descendants()
        .map(p -> p.pid() + " " + p.info().command().orElse("?"))
        .filter(p -> p.contains("chrom")).toList();
    assertTrue(left.isEmpty(), "browser processes left running after the class: " + left);
  }

  @Test
  public void acceptAfterTheCallerCancelledIsARecordedNoOp() throws Exception {
    String a = user("alice");
    String b = user("webbob");
    try (BrowserDevice bob = new BrowserDevice("browser-bob", farm.engine().webUri(), JAVA_TIMEOUT,
        farm.dir().resolve("browser-bob"), null)) {
      bob.login(b);
      Device alice = farm.login(a);
      alice.client().call(b);
      expect(bob.events(), "onInvited(" + a + ",[],false)");
      alice.client().hangup();
      expect(bob.events(), "onCallingCancel");

      long before = System.nanoTime();
      ActionResult accept = bob.accept();
      ActionResult reject = bob.reject();
      ActionResult hangup = bob.hangup();
      assertTrue(System.nanoTime() - before < AT_ONCE.toNanos(), "no-ops return at once");
      assertEquals(accept, ActionResult.noOp("nothing rings: the home screen shows"));
      assertEquals(reject, ActionResult.noOp("nothing rings: the home screen shows"));
      assertEquals(hangup, ActionResult.noOp("not in a call: the home screen shows"));
      assertEquals(signatures(bob), List.of("onInvited(" + a + ",[],false)", "onCallingCancel"),
          "a no-op fires nothing");
      assertFalse(alice.log().signatures().contains("onUserEnter(" + b + ")"), "nobody entered");

      // the next invitation is a real one: accept does it
      bob.events().clear();
      alice.log().clear();
      alice.client().call(b);
      expect(bob.events(), "onInvited(" + a + ",[],false)");
      assertEquals(bob.accept(), ActionResult.DONE);
      expect(alice.log(), "onUserEnter(" + b + ")");
      assertEquals(bob.hangup(), ActionResult.DONE);
      expect(alice.log(), "onCallEnd");
      assertTrue(bob.lost().isEmpty(), "browser lost: " + bob.lost());
    }
  }

  /** In a scenario the no-op is part of the record: the step passes with a note saying what the device saw. */
  @Test
  public void aScenarioRecordsTheNoOpAndGoesOn() throws Exception {
    Path reports = Scratch.folder("callfarm-browser-no-op");
    Launcher.Outcome run = Launcher.run("run", "suites/scenarios/interop/browser-accepts-a-cancelled-call.yaml",
        "--reports", reports.toString());
    JsonNode result = new ObjectMapper().readTree(
        reports.resolve("scenarios/browser-accepts-a-cancelled-call.json").toFile());
    assertEquals(run.exit(), 0, "scenario: " + result.path("failure").asText());
    JsonNode accept = result.path("steps").get(4);
    assertEquals(accept.path("description").asText(), "bob: accept");
    assertTrue(accept.path("passed").asBoolean());
    assertEquals(accept.path("note").asText(), "bob did nothing: nothing rings: the home screen shows");
    JsonNode secondAccept = result.path("steps").get(8);
    assertEquals(secondAccept.path("description").asText(), "bob: accept");
    assertTrue(secondAccept.path("note").isNull(), "the real accept is no no-op: " + secondAccept);
  }

  private static List<String> signatures(BrowserDevice device) {
    return device.events().events().stream().map(CallEvent::signature)
        .filter(s -> !s.startsWith("onUserAudioAvailable") && !s.startsWith("onError(10007")).toList();
  }
}
