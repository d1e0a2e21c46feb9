package io.callfarm.farm.browser;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static io.callfarm.engine.Timeline.expectExactly;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.call.CallEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Browser devices against the real engine: the web call client in headless Chromium (Selenium) calls
 * and is called by Java components, and two browsers talk over WebRTC. Each test starts its own
 * browsers (at most two at once) and users, and closes them.
 */
@Test(groups = "integration", timeOut = 30_000)
public class BrowserCallIT {
  private static final Duration JAVA_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(1500);
  private static final Duration PROMPT = Duration.ofSeconds(5);
  private static final Duration HALF_SECOND = Duration.ofMillis(500);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private EngineHarness farm;
  private BrowserConfig browser;
  private Path tone440;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(JAVA_TIMEOUT);
    tone440 = Tones.writeTone(farm.dir().resolve("tone-440.wav"), 440, 5);
    browser = BrowserConfig.defaults().withInvitationTimeout(JAVA_TIMEOUT).withFakeMicrophone(tone440);
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
  public void javaCallsBrowserWhichAcceptsThenJavaHangsUp() throws Exception {
    String a = user("alice");
    String b = user("webbob");
    try (BrowserSession bob = BrowserSession.open(farm.engine().webUri(), browser)) {
      bob.login(b);
      Device alice = farm.login(a);
      alice.client().call(b);
      bob.expect("onInvited(" + a + ",[],false)", PROMPT);
      bob.awaitScreen("incoming", PROMPT);
      bob.accept();
      expect(alice.log(), "onUserEnter(" + b + ")");
      bob.expect("onUserEnter(" + a + ")", PROMPT);
      bob.awaitScreen("call", PROMPT);
      alice.client().hangup();
      bob.expect("onCallEnd", PROMPT);
      assertEquals(withoutMedia(bob.signatures()), List.of("onInvited(" + a + ",[],false)",
          "onUserEnter(" + a + ")", "onUserLeave(" + a + ")", "onCallEnd"));
      expectExactly(alice.log(), "onUserEnter(" + b + ")");
      bob.awaitScreen("home", PROMPT);
      assertOrdered(bob.events());
    }
  }

  @Test
  public void browserCallsJavaWhichRejects() throws Exception {
    String a = user("webalice");
    String b = user("bob");
    try (BrowserSession alice = BrowserSession.open(farm.engine().webUri(), browser)) {
      alice.login(a);
      Device bob = farm.login(b);
      alice.call(b);
      expect(bob.log(), "onInvited(" + a + ",[],false)");
      bob.client().reject();
      alice.expect("onCallEnd", PROMPT);
      assertEquals(alice.signatures(), List.of("onReject(" + b + ")", "onCallEnd"));
      String toast = alice.toast().orElseThrow(() -> new AssertionError("no toast after the reject"));
      assertTrue(toast.contains(b + " rejected the call"), "toast: " + toast);
      saveScreenshot(alice, "rejected-toast.png");
      expectExactly(bob.log(), "onInvited(" + a + ",[],false)");
    }
  }

  @Test
  public void browserToBrowserCarriesTheCallersTone() throws Exception {
    String a = user("webalice");
    String b = user("webbob");
    Path tone1k = Tones.writeTone(farm.dir().resolve("tone-1000.wav"), 1000, 5);
    try (BrowserSession alice = BrowserSession.open(farm.engine().webUri(),
            browser.withFakeMicrophone(tone1k));
         BrowserSession bob = BrowserSession.open(farm.engine().webUri(), browser)) {
      alice.login(a);
      bob.login(b);
      alice.call(b);
      bob.expect("onInvited(" + a + ",[],false)", PROMPT);
      bob.accept();
      bob.expect("onUserAudioAvailable(" + a + ",true)", Duration.ofSeconds(10));
      alice.expect("onUserAudioAvailable(" + b + ",true)", Duration.ofSeconds(10));
      Tones.Pcm heardByBob = awaitRecording(bob, a, 2.0);
      Tones.Pcm heardByAlice = awaitRecording(alice, b, 2.0);

      Tones.Pcm last = heardByBob;
      assertTrue(last.rmsDbfs() > -40, "bob's recording of alice is silent: " + last.rmsDbfs() + " dBFS");
      assertEquals(last.dominantHz(100, 4000, 5), 1000, 20, "bob should hear alice's 1 kHz tone");
      assertEquals(heardByAlice.dominantHz(100, 4000, 5), 440, 20,
          "alice should hear bob's 440 Hz tone");
      InboundAudio stats = bob.inbound(a).orElseThrow(() -> new AssertionError("no inbound-rtp"));
      assertTrue(stats.packetsReceived() > 50, "packets received: " + stats);
      assertTrue(bob.volumeBar(a) > 0, "alice's volume bar at bob stays empty");
      saveScreenshot(bob, "in-call-audio.png");

      double speaker = Tones.read(bob.recordedAudio(a, HALF_SECOND)).rmsDbfs();
      double switchedAt = bob.recordedSeconds(a);
      bob.setHandsFree(false);
      double earpiece = awaitRecording(bob, a, switchedAt + 1.0).rmsDbfs();
      assertEquals(earpiece - speaker, -12, 3, "earpiece playout should be 12 dB quieter: speaker "
          + speaker + " dBFS, earpiece " + earpiece + " dBFS");

      alice.setMicMute(true);
      CallEvent muted = bob.expect("onUserAudioAvailable(" + a + ",false)", PROMPT);
      double mutedLevel = awaitRecording(bob, a, bob.recordedSeconds(a) + 1.0).rmsDbfs();
      assertTrue(mutedLevel < -50, "alice muted, yet bob hears " + mutedLevel + " dBFS");
      alice.setMicMute(false);
      long mutedAt = muted.atNanos();
      assertTrue(bob.await(e -> e.atNanos() > mutedAt
          && e.signature().equals("onUserAudioAvailable(" + a + ",true)"), PROMPT).isPresent(),
          "no onUserAudioAvailable(" + a + ",true) after unmuting: " + bob.signatures());
      alice.hangup();
      bob.expect("onCallEnd", PROMPT);
      assertTrue(bob.signatures().contains("onUserLeave(" + a + ")"), bob.signatures().toString());
    }
  }

  @Test
  public void browserGroupCallThroughTheContactList() throws Exception {
    String a = user("webalice");
    String b = user("bob");
    String c = user("carol");
    String group = user("grp");
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    // the group exists with all three as members (the app backend made it): the browser's own
    // group.create gets 10021 and goes on because alice is a member
    farm.engine().provisionGroup(group, a, List.of(b, c));
    try (BrowserSession alice = BrowserSession.open(farm.engine().webUri(), browser)) {
      alice.login(a);
      alice.groupCall(List.of(b, c), group);
      expect(bob.log(), "onInvited(" + a + ",[" + c + "],true)");
      expect(carol.log(), "onInvited(" + a + ",[" + b + "],true)");
      bob.client().accept();
      alice.expect("onUserEnter(" + b + ")", PROMPT);
      carol.client().reject();
      alice.expect("onReject(" + c + ")", PROMPT);
      expect(bob.log(), "onReject(" + c + ")");
      assertTrue(alice.toast().orElse("").contains(c + " rejected the call"), "toast: " + alice.toast());
      bob.client().hangup();
      alice.expect("onCallEnd", PROMPT);
      assertEquals(alice.signatures(), List.of("onUserEnter(" + b + ")", "onReject(" + c + ")",
          "onUserLeave(" + b + ")", "onCallEnd"));
    }
  }

  @Test
  public void aGroupIdSomeoneElseTookIsAnErrorAndNoCall() throws Exception {
    String a = user("webalice");
    String b = user("bob");
    String e = user("eve");
    String group = user("team");
    Device bob = farm.login(b);
    Device eve = farm.login(e);
    eve.client().createGroup(group, List.of(a, b)).get(5, java.util.concurrent.TimeUnit.SECONDS);
    try (BrowserSession alice = BrowserSession.open(farm.engine().webUri(), browser)) {
      alice.login(a);
      alice.groupCall(List.of(b), group);
      long deadline = System.nanoTime() + PROMPT.toNanos();
      while (!alice.toast().orElse("").contains("is taken") && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(HALF_SECOND.toNanos() / 5);
      }
      String toast = alice.toast().orElse("");
      assertTrue(toast.contains("group " + group + " is taken") && toast.contains(e)
          && toast.contains("10021"), "toast: " + toast);
      io.callfarm.engine.Timeline.expectNone(bob.log(), "onInvited(" + a + ",[],true)",
          SHORT_TIMEOUT);
      assertEquals(withoutMedia(alice.signatures()), List.of(), "no call was placed");
      alice.awaitScreen("home", PROMPT);
    }
    expectExactly(eve.log());
  }

  @Test
  public void browserLoggingInLaterAnswersTheStoredInvitation() throws Exception {
    String a = user("alice");
    String b = user("webbob");
    Device alice = farm.login(a);
    try (BrowserSession bob = BrowserSession.open(farm.engine().webUri(), browser)) {
      alice.client().call(b);
      bob.login(b);
      bob.expect("onInvited(" + a + ",[],false)", PROMPT);
      assertEquals(farm.engine().store().pushRecords(b).size(), 1, "the dialing was stored with a push");
      bob.accept();
      expect(alice.log(), "onUserEnter(" + b + ")");
      bob.expect("onUserEnter(" + a + ")", PROMPT);
      bob.hangup();
      expectExactly(alice.log(), "onUserEnter(" + b + ")", "onUserLeave(" + b + ")", "onCallEnd");
      assertEquals(bob.signatures(), List.of("onInvited(" + a + ",[],false)", "onUserEnter(" + a + ")"));
    }
  }

  @Test
  public void busyCalleeRepliesLineBusyAndSeesNothing() throws Exception {
    String a = user("alice");
    String b = user("webbob");
    String c = user("carol");
    try (BrowserSession bob = BrowserSession.open(farm.engine().webUri(), browser)) {
      bob.login(b);
      Device alice = farm.login(a);
      Device carol = farm.login(c);
      bob.call(a);
      expect(alice.log(), "onInvited(" + b + ",[],false)");
      alice.client().accept();
      bob.expect("onUserEnter(" + a + ")", PROMPT);
      carol.client().call(b);
      expectExactly(carol.log(), "onLineBusy(" + b + ")", "onCallEnd");
      assertEquals(withoutMedia(bob.signatures()), List.of("onUserEnter(" + a + ")"));
      bob.hangup();
      expect(alice.log(), "onCallEnd");
    }
  }

  @Test
  public void unansweredBrowserCallTimesOut() throws Exception {
    String a = user("webalice");
    String b = user("bob");
    try (BrowserSession alice = BrowserSession.open(farm.engine().webUri(),
        browser.withInvitationTimeout(SHORT_TIMEOUT))) {
      alice.login(a);
      Device bob = farm.device(farm.config().withInvitationTimeout(SHORT_TIMEOUT));
      bob.login(farm.engine(), b);
      alice.call(b);
      CallEvent noResp = alice.expect("onNoResp(" + b + ")", PROMPT);
      alice.expect("onCallEnd", PROMPT);
      expectExactly(bob.log(), "onInvited(" + a + ",[],false)", "onCallingTimeOut");
      assertEquals(alice.signatures(), List.of("onNoResp(" + b + ")", "onCallEnd"));
      CallEvent invited = bob.log().events().get(0);
      long rang = (noResp.atNanos() - invited.atNanos()) / 1_000_000;
      assertTrue(rang > 1200 && rang < 2500, "onNoResp " + rang + " ms after onInvited, expected ~1500");
      assertTrue(alice.toast().isPresent(), "no toast after the timeout");
    }
  }

  @Test
  public void screenshotsOfIdleIncomingAndInCallScreens() throws Exception {
    String a = user("alice");
    String b = user("webbob");
    Device alice = farm.login(a);
    try (BrowserSession bob = BrowserSession.open(farm.engine().webUri(), browser)) {
      bob.login(b);
      bob.awaitScreen("home", PROMPT);
      saveScreenshot(bob, "idle.png");
      alice.client().call(b);
      bob.awaitScreen("incoming", PROMPT);
      saveScreenshot(bob, "incoming.png");
      bob.accept();
      bob.expect("onUserEnter(" + a + ")", PROMPT);
      bob.awaitScreen("call", PROMPT);
      bob.setMicMute(true);
      saveScreenshot(bob, "in-call.png");
      bob.hangup();
      expect(alice.log(), "onUserLeave(" + b + ")");
      assertFalse(bob.consoleLog().stream().anyMatch(l -> l.startsWith("SEVERE")),
          "console errors: " + bob.consoleLog());
    }
  }

  private static void saveScreenshot(BrowserSession session, String name) throws Exception {
    Path file = session.screenshot(SCREENSHOTS.resolve(name));
    assertTrue(Files.size(file) > 1000, "screenshot " + file + " is empty");
  }

  /**
   * Waits until {@code session} recorded {@code seconds} of audio from {@code remote} and returns the
   * last half second of it.
   */
  private static Tones.Pcm awaitRecording(BrowserSession session, String remote, double seconds) {
    session.awaitRecording(remote, Duration.ofMillis((long) (seconds * 1000)), Duration.ofSeconds(10));
    return Tones.read(session.recordedAudio(remote, HALF_SECOND));
  }

  /** Java devices have no media yet: compare call-rule callbacks only. */
  private static List<String> withoutMedia(List<String> signatures) {
    return signatures.stream().filter(s -> !s.startsWith("onUserAudioAvailable")).toList();
  }

  private static void assertOrdered(List<CallEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      assertTrue(events.get(i).atNanos() >= events.get(i - 1).atNanos(), "events out of order: " + events);
    }
  }
}
