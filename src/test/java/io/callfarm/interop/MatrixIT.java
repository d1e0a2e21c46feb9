package io.callfarm.interop;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.call.Flavour;
import io.callfarm.scratch.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The matrix's cells on the real engine, real components of each flavour and real headless Chromium running the
 * web client: the rule set passes on the browser client exactly as on iOS v4 (a drift of the JS copy fails here),
 * every flavour works with itself, the generations that do not talk fail, the ones that share IM signalling work,
 * the iOS/Android difference on a hangup while ringing shows as a divergence both ways, and an expectation the
 * pair does not meet is reported as one.
 */
@Test(groups = "integration")
public class MatrixIT {

  private MatrixParties parties;
  private CellRunner runner;
  private List<MatrixScenario> scenarios;
  private ExecutorService cells;

  @BeforeClass
  public void start() throws Exception {
    parties = new MatrixParties(Scratch.folder("callfarm-matrix-it-").resolve("engine.db"), true);
    runner = new CellRunner(parties::party, "mit");
    scenarios = MatrixScenario.loadAll(Path.of("suites/matrix"));
    cells = Executors.newFixedThreadPool(4);
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    if (cells != null) {
      cells.shutdownNow();
      cells.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (parties != null) {
      parties.close();
    }
  }

  @Test(timeOut = 300_000)
  public void theBrowserClientPassesTheRuleSetAsIosV4Does() throws Exception {
    for (MatrixScenario s : scenarios) {
      Cell ios = runner.run(s, "ios-v4", "ios-v4");
      Cell web = runner.run(s, Flavour.WEB, Flavour.WEB);
      assertEquals(ios.verdict(), Cell.Verdict.WORKS, "ios-v4 on " + s.name() + ": " + ios.detail());
      assertEquals(web.verdict(), Cell.Verdict.WORKS, "web on " + s.name() + ": " + web.detail());
    }
  }

  @Test(timeOut = 300_000)
  public void everyGenerationWorksWithItself() throws Exception {
    List<Future<Cell>> diagonal = new ArrayList<>();
    for (String flavour : List.of("android-v4", "trtccalling", "tuicallkit")) {
      for (MatrixScenario s : scenarios) {
        diagonal.add(cells.submit(() -> runner.run(s, flavour, flavour)));
      }
    }
    for (Future<Cell> f : diagonal) {
      Cell c = f.get();
      assertEquals(c.verdict(), Cell.Verdict.WORKS, c.caller() + " on " + c.scenario() + ": " + c.detail());
    }
  }

  @Test(timeOut = 120_000)
  public void v4AndTheImGenerationsDoNotRingEachOther() throws Exception {
    Cell iosToTrtc = runner.run(scenario("accept"), "ios-v4", "trtccalling");
    Cell tuiToAndroid = runner.run(scenario("accept"), "tuicallkit", "android-v4");
    for (Cell c : List.of(iosToTrtc, tuiToAndroid)) {
      assertEquals(c.verdict(), Cell.Verdict.FAILS, c.toString());
      assertTrue(c.detail().contains("bob (" + c.callee() + ")"), "the callee is named: " + c.detail());
    }
  }

  @Test(timeOut = 120_000)
  public void trtcCallingAndTuiCallKitShareImSignalling() throws Exception {
    Future<Cell> there = cells.submit(() -> runner.run(scenario("group-accept-reject-timeout"), "trtccalling",
        "tuicallkit"));
    Future<Cell> back = cells.submit(() -> runner.run(scenario("line-busy"), "tuicallkit", "trtccalling"));
    assertEquals(there.get().verdict(), Cell.Verdict.WORKS, there.get().detail());
    assertEquals(back.get().verdict(), Cell.Verdict.WORKS, back.get().detail());
  }

  @Test(timeOut = 120_000)
  public void iosAndAndroidV4DivergeOnAHangupWhileRingingBothWays() throws Exception {
    MatrixScenario s = scenario("callee-hangup-before-accept");
    Future<Cell> iosCaller = cells.submit(() -> runner.run(s, "ios-v4", "android-v4"));
    Future<Cell> androidCaller = cells.submit(() -> runner.run(s, "android-v4", "ios-v4"));
    Cell a = iosCaller.get();
    Cell b = androidCaller.get();
    assertEquals(a.verdict(), Cell.Verdict.DIVERGES, a.toString());
    assertTrue(a.detail().contains("expected onReject(") && a.detail().contains("alice (ios-v4)"), a.detail());
    assertEquals(b.verdict(), Cell.Verdict.DIVERGES, b.toString());
    assertTrue(b.detail().contains("expected onNoResp(") && b.detail().contains("alice (android-v4)"),
        b.detail());
  }

  @Test(timeOut = 60_000)
  public void anExpectationThePairDoesNotMeetIsADivergenceWithWhatWasSeen() throws Exception {
    Path dir = Scratch.folder("callfarm-matrix-wrong-");
    Path file = dir.resolve("accept-then-rejected.yaml");
    Files.writeString(file, "parties: {alice: caller, bob: callee}\nsteps:\n  - alice: call bob\n"
        + "  - expect: bob rings from alice\n  - bob: accept\n  - expect: alice joined by bob\n"
        + "  - expect: alice told rejected by bob within 1000\n");
    Cell c = runner.run(MatrixScenario.load(file), "ios-v4", "ios-v4");
    assertEquals(c.verdict(), Cell.Verdict.DIVERGES, c.toString());
    assertTrue(c.detail().contains("expected onReject(bob)"), c.detail());
    assertTrue(c.detail().contains("onUserEnter(bob)"), "what alice saw instead is shown: " + c.detail());
  }

  private MatrixScenario scenario(String name) {
    return scenarios.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
