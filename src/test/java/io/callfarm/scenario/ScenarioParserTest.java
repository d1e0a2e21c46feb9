package io.callfarm.scenario;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** The scenario schema: every shipped file parses; broken files fail with file:line and the reason. */
public class ScenarioParserTest {

  @DataProvider
  public Object[][] shippedScenarios() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("suites", "scenarios"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).map(p -> new Object[] {p})
          .toArray(Object[][]::new);
    }
  }

  @Test(dataProvider = "shippedScenarios")
  public void everyShippedScenarioParses(Path file) {
    Scenario scenario = new ScenarioParser().parse(file);
    assertTrue(!scenario.steps().isEmpty(), file.toString());
  }

  @Test
  public void parsesStepsWithLinesAndArguments() throws IOException {
    Scenario s = parse("""
        name: demo
        timeout: 1500
        devices:
          alice: {mic: "tone:1000"}
          bob: {online: false}
        groups:
          team: [alice, bob]
        steps:
          - alice: groupCall bob in team
          - expect: bob [onInvited(alice,[],true), onCallingCancel] within 2000
          - absent: alice onCallEnd for 300
          - wait: 10
          - exactly: alice []
        """);
    assertEquals(s.timeoutMs(), 1500);
    assertEquals(s.devices().get("bob").online(), false);
    assertEquals(s.devices().get("alice").mic().frequencyHz(), 1000.0);
    Step.Action call = (Step.Action) s.steps().get(0);
    assertEquals(call.line(), 9);
    assertEquals(call.args(), java.util.List.of("bob", "in", "team"));
    Step.Expect expect = (Step.Expect) s.steps().get(1);
    assertEquals(expect.events(), java.util.List.of("onInvited(alice,[],true)", "onCallingCancel"));
    assertEquals(expect.withinMs(), 2000);
    assertEquals(((Step.Absent) s.steps().get(2)).forMs(), 300);
    assertEquals(((Step.Exactly) s.steps().get(4)).events(), java.util.List.of());
  }

  @Test
  public void errorsNameTheLineAndTheProblem() throws IOException {
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - alice: call zed
        """, ":5: 'zed' is not a declared device");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - alice: teleport
        """, ":5: unknown action 'teleport'");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - expect: alice sawSomething within 100
        """, ":5: 'sawSomething' is not a callback");
    assertError("""
        name: x
        devices:
          alice: {kind: fax}
        steps:
          - wait: 1
        """, ":3: unknown device kind 'fax'");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - wait: soon
        """, ":5: wait must be a whole number");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - alice: network teleport-5g
        """, ":5: network profile 'teleport-5g'");
    assertError("""
        name: x
        devices:
          alice: {}
        colour: blue
        steps:
          - wait: 1
        """, ":4: unknown key 'colour'");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - wait: [1
        """, ": not valid YAML");
    assertError("""
        name: x
        devices:
          alice: {}
        """, ":1: missing 'steps'");
  }

  @Test
  public void expectationsReadInOrderOrInAnyOrder() throws IOException {
    Scenario s = parse("""
        name: x
        devices:
          alice: {}
        steps:
          - expect: alice [onUserEnter(bob), onUserEnter(carol)] in any order within 4000
          - expect: alice [onUserLeave(bob), onCallEnd]
        """);
    Step.Expect any = (Step.Expect) s.steps().get(0);
    assertEquals(any.events(), java.util.List.of("onUserEnter(bob)", "onUserEnter(carol)"));
    assertTrue(any.anyOrder());
    assertEquals(any.withinMs(), 4000);
    assertEquals(any.describe(), "expect alice [onUserEnter(bob), onUserEnter(carol)] in any order within 4000 ms");
    assertTrue(!((Step.Expect) s.steps().get(1)).anyOrder());
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - expect: alice onCallEnd in any order
        """, ":5: 'in any order' follows a list");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - expect: alice []
        """, ":5: expect needs at least one callback");
  }

  @Test
  public void audioGatesMeanSomethingInBothDirections() throws IOException {
    Scenario s = parse("""
        name: degraded link
        devices:
          alice: {mic: "speech:cmu_arctic_us_aew_a0001", network: lossy-10}
          bob: {}
        steps:
          - audio: {device: bob, from: alice, minMos: 1.6, maxMos: 3.6}
        """);
    Step.Audio audio = (Step.Audio) s.steps().get(0);
    assertEquals(audio.minMos(), 1.6);
    assertEquals(audio.maxMos(), 3.6);
    assertEquals(s.devices().get("alice").mic().kind(), "wav");
    // a bound the model's clamp (1.02..4.64) already guarantees checks nothing
    assertError("""
        name: x
        devices:
          alice: {}
          bob: {}
        steps:
          - audio: {device: bob, from: alice, minMos: 1.04}
        """, ":6: minMos 1.04 is not a gate");
    assertError("""
        name: x
        devices:
          alice: {}
          bob: {}
        steps:
          - audio: {device: bob, from: alice, maxMos: 4.64}
        """, ":6: maxMos 4.64 is not a gate");
    assertError("""
        name: x
        devices:
          alice: {}
          bob: {}
        steps:
          - audio: {device: bob, from: alice, minMos: 3.0, maxMos: 2.0}
        """, "maxMos 2.0 must be above minMos 3.0");
    assertError("""
        name: x
        devices:
          alice: {mic: "speech:nobody_says_this"}
        steps:
          - wait: 1
        """, "unknown speech clip 'nobody_says_this'");
  }

  @Test
  public void aVirtualDeviceRunsTheFlavourItNames() throws IOException {
    Scenario s = parse("""
        name: x
        devices:
          alice: {}
          bob: {flavour: android-v4}
          web: {kind: browser, flavour: web}
        steps:
          - wait: 1
        """);
    assertEquals(s.devices().get("alice").flavour(), null, "none named: the farm's virtual pool decides");
    assertEquals(s.devices().get("bob").flavour(), io.callfarm.engine.call.Flavour.ANDROID_V4);
    assertEquals(s.devices().get("web").flavour(), null, "a browser runs the web client, not a Java flavour");
    assertError("""
        name: x
        devices:
          bob: {flavour: symbian}
        steps:
          - wait: 1
        """, ":3: unknown flavour 'symbian'; one of [ios-v4, android-v4, trtccalling, tuicallkit, web]");
    assertError("""
        name: x
        devices:
          bob: {flavour: web}
        steps:
          - wait: 1
        """, ":3: flavour 'web' is the browser client: use a device of kind browser");
    assertError("""
        name: x
        devices:
          bob: {kind: browser, flavour: ios-v4}
        steps:
          - wait: 1
        """, ":3: a browser device runs the web client: its flavour is 'web', not 'ios-v4'");
  }

  @Test
  public void talkingWaitsForAVirtualMicrophoneOnly() throws IOException {
    Scenario s = parse("""
        name: x
        devices:
          alice: {mic: "tone:440"}
        steps:
          - talking: alice within 8000
        """);
    Step.Talking talking = (Step.Talking) s.steps().get(0);
    assertEquals(talking.device(), "alice");
    assertEquals(talking.withinMs(), 8000);
    assertError("""
        name: x
        devices:
          web: {kind: browser}
        steps:
          - talking: web within 8000
        """, ":5: talking waits for a virtual device's microphone; web is a browser device");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - talking: alice
        """, ":5: talking needs a device and a deadline: 'talking: alice within 8000'");
    assertError("""
        name: x
        devices:
          alice: {}
        steps:
          - talking: carol within 100
        """, "carol");
  }

  private static Scenario parse(String yaml) throws IOException {
    Path file = Scratch.file("scenario", ".yaml");
    Files.writeString(file, yaml);
    return new ScenarioParser().parse(file);
  }

  private static void assertError(String yaml, String expected) throws IOException {
    ScenarioException e = expectThrows(ScenarioException.class, () -> parse(yaml));
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '"
        + expected + "'");
  }
}
