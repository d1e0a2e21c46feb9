package io.callfarm.interop;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.Flavour;
import io.callfarm.scratch.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.testng.annotations.Test;

/**
 * The matrix scenarios as written: every file in {@code suites/matrix} parses and the eight rule
 * scenarios are there; malformed files are refused naming the file, the step and what is allowed; and each
 * neutral term maps to the callback each flavour really fires (the browser client speaks iOS v4).
 */
public class MatrixScenarioTest {

  private static final Path MATRIX = Path.of("suites/matrix");

  @Test
  public void everyMatrixScenarioParsesAndTheRuleSetIsComplete() throws Exception {
    List<MatrixScenario> all = MatrixScenario.loadAll(MATRIX);
    Set<String> names = all.stream().map(MatrixScenario::name).collect(Collectors.toSet());
    assertTrue(names.containsAll(Set.of("accept", "reject", "caller-cancel", "callee-timeout", "line-busy",
        "callee-hangup-before-accept", "group-accept-reject-timeout", "offline-answer")), names.toString());
    for (MatrixScenario s : all) {
      assertFalse(s.steps().isEmpty(), s.name());
      assertTrue(s.steps().stream().anyMatch(step -> step instanceof MatrixScenario.Expect), s.name());
    }
    MatrixScenario offline = all.stream().filter(s -> s.name().equals("offline-answer")).findFirst().orElseThrow();
    assertEquals(offline.offline(), Set.of("bob"));
  }

  @Test
  public void aScenarioReadsAsWritten() throws Exception {
    MatrixScenario s = parse("parties: {alice: caller, bob: callee}\nsteps:\n  - alice: call bob\n"
        + "  - expect: bob rings from alice within 5000\n  - wait: 200\n  - expect: alice call ends\n");
    assertEquals(s.parties().keySet(), Set.of("alice", "bob"));
    MatrixScenario.Action call = (MatrixScenario.Action) s.steps().get(0);
    assertEquals(call.verb(), "call");
    assertEquals(call.args(), List.of("bob"));
    MatrixScenario.Expect rings = (MatrixScenario.Expect) s.steps().get(1);
    assertEquals(rings.term(), Term.RINGS);
    assertEquals(rings.other(), "alice");
    assertEquals(rings.withinMs(), 5000);
    assertEquals(((MatrixScenario.Wait) s.steps().get(2)).millis(), 200);
    MatrixScenario.Expect ends = (MatrixScenario.Expect) s.steps().get(3);
    assertEquals(ends.term(), Term.CALL_ENDS);
    assertEquals(ends.withinMs(), MatrixScenario.DEFAULT_WITHIN_MS);
  }

  @Test
  public void malformedScenariosAreRefusedNamingTheStep() throws Exception {
    String head = "parties: {alice: caller, bob: callee}\nsteps:\n";
    refused("parties: {alice: caller}\nsteps:\n  - alice: call alice\n", "one of each");
    refused("parties: {alice: caller, bob: boss}\nsteps:\n  - alice: call bob\n", "caller or callee");
    refused(head, "no steps");
    refused(head + "  - alice: dance\n", "step 1: unknown action 'dance'");
    refused(head + "  - alice: call zed\n", "'zed' is not a party");
    refused(head + "  - expect: bob sings\n", "not an expectation");
    refused(head + "  - expect: bob\n", "names a party and what it observes");
    refused(head + "  - alice: call bob\n  - expect: bob rings from alice within soon\n", "step 2: 'within'");
    refused(head + "  - wait: -5\n", "'wait' takes milliseconds");
    refused(head + "  - wait: 999999999\n", "'wait' takes milliseconds");
    refused(head + "  - {alice: call bob, bob: accept}\n", "one 'key: value'");
    refused("- just a list\n", "a mapping");
    refused("parties: {alice: caller, bob: callee}\noffline: [carol]\nsteps:\n  - alice: call bob\n",
        "'carol' is not a party");
  }

  @Test
  public void eachFlavourHasItsOwnWordsForTheSameTerm() {
    CallEvent iosReject = event("onReject", "bob");
    CallEvent tuiReject = event("onUserReject", "bob");
    assertTrue(matches("ios-v4", Term.TOLD_REJECTED, iosReject));
    assertFalse(matches("ios-v4", Term.TOLD_REJECTED, tuiReject));
    assertTrue(matches("tuicallkit", Term.TOLD_REJECTED, tuiReject));
    assertFalse(matches("tuicallkit", Term.TOLD_REJECTED, iosReject));
    assertFalse(matches("ios-v4", Term.TOLD_REJECTED, event("onReject", "carol")), "another party");
    // the timeout callback's spelling: Android v4 has its own
    assertTrue(matches("android-v4", Term.TOLD_TIMEOUT, event("onCallingTimeout")));
    assertFalse(matches("android-v4", Term.TOLD_TIMEOUT, event("onCallingTimeOut")));
    assertTrue(matches("ios-v4", Term.TOLD_TIMEOUT, event("onCallingTimeOut")));
    // a ring matches whatever the invitation carries after the inviter
    assertTrue(matches("ios-v4", Term.RINGS, event("onInvited", "alice", "[]", "false", "1")));
    assertFalse(matches("ios-v4", Term.RINGS, event("onInvited", "alicex", "[]", "false", "1")));
  }

  @Test
  public void aHangupWhileRingingIsAnsweredTheWayTheObserversBuildDoesIt() {
    CallEvent reject = event("onReject", "bob");
    CallEvent noResp = event("onNoResp", "bob");
    assertTrue(matches("ios-v4", Term.TOLD_DECLINED, reject));
    assertFalse(matches("ios-v4", Term.TOLD_DECLINED, noResp));
    assertTrue(matches("android-v4", Term.TOLD_DECLINED, noResp));
    assertFalse(matches("android-v4", Term.TOLD_DECLINED, reject));
  }

  @Test
  public void theBrowserClientSpeaksTheReferenceNames() {
    for (Term term : Term.values()) {
      String other = term.namesOther() ? "bob" : null;
      assertEquals(Vocabulary.of(Flavour.WEB, term, other).shown(), Vocabulary.of("ios-v4", term, other).shown(),
          term.name());
    }
  }

  /** Whether {@code e} is what {@code flavour} fires for {@code term} about bob (a ring: from alice). */
  private static boolean matches(String flavour, Term term, CallEvent e) {
    String other = term == Term.RINGS ? "alice" : term.namesOther() ? "bob" : null;
    return Vocabulary.of(flavour, term, other).matches().test(e);
  }

  private static CallEvent event(String name, String... args) {
    return new CallEvent(name, List.of(args), 0, 0);
  }

  private static MatrixScenario parse(String yaml) throws Exception {
    Path dir = Scratch.folder("callfarm-matrix-");
    Path f = dir.resolve("case.yaml");
    Files.writeString(f, yaml);
    return MatrixScenario.load(f);
  }

  private static void refused(String yaml, String message) {
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> parse(yaml));
    assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    assertTrue(e.getMessage().contains("case.yaml"), e.getMessage());
  }
}
