package io.callfarm.farm.appium;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.farm.ActionResult;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Wav;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The Appium path for real: the project's Appium server with its Chromium driver runs the web call
 * client, and an {@link AppiumDevice} drives it only through the web-client profile's locators and
 * reads its callbacks only from console-log patterns, against Java components on the real engine.
 * One Appium server for the class; each test opens its own session (one browser at a time).
 */
@Test(groups = "integration", timeOut = 60_000)
public class AppiumDeviceIT {
  private static final Duration JAVA_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(10);

  private EngineHarness farm;
  private AppiumServer appium;
  private DeviceProfile profile;
  private Path tone;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(JAVA_TIMEOUT);
    appium = AppiumServer.start(Path.of("device-farm"), Duration.ofSeconds(30));
    profile = DeviceProfile.load(Path.of("device-farm/profiles/web-client.yaml"));
    tone = farm.dir().resolve("tone-440.wav");
    float[] samples = new float[48_000 * 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
    }
    Wav.write(tone, new PcmAudio(48_000, samples));
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    try {
      if (appium != null) {
        appium.close();
      }
    } finally {
      farm.close();
    }
    List<String> left = ProcessHandle.current().descendants()
        .map(p -> p.pid() + " " + p.info().command().orElse("?"))
        .filter(p -> p.contains("chrom") || p.contains("node")).toList();
    assertTrue(left.isEmpty(), "processes left running after the class: " + left);
  }

  @Test
  public void virtualCallsAppiumWhichAcceptsThenEachSideHangsUp() throws Exception {
    String a = user("alice");
    String b = user("appbob");
    try (AppiumDevice bob = open("appium-bob")) {
      bob.login(b);
      Device alice = farm.login(a);
      alice.client().call(b);
      expect(bob.events(), "onInvited(" + a + ",[],false)");
      bob.accept();
      expect(alice.log(), "onUserEnter(" + b + ")");
      expect(bob.events(), "onUserEnter(" + a + ")");
      bob.hangup();
      expect(alice.log(), "onCallEnd");
      assertEquals(alice.log().signatures(), List.of("onUserEnter(" + b + ")", "onUserLeave(" + b
          + ")", "onCallEnd"));
      // hanging up fires nothing locally (as in the Java component), so the Appium device's log ends here
      assertEquals(withoutMedia(bob.events().signatures()), List.of("onInvited(" + a + ",[],false)",
          "onUserEnter(" + a + ")"), "appium device's callbacks, from its console log");

      // a second call in the same session: this time the virtual device hangs up
      bob.events().clear();
      alice.log().clear();
      alice.client().call(b);
      expect(bob.events(), "onInvited(" + a + ",[],false)");
      bob.accept();
      expect(alice.log(), "onUserEnter(" + b + ")");
      alice.client().hangup();
      expect(bob.events(), "onCallEnd");
      assertEquals(withoutMedia(bob.events().signatures()), List.of("onInvited(" + a + ",[],false)",
          "onUserEnter(" + a + ")", "onUserLeave(" + a + ")", "onCallEnd"), "saw " + bob.events().signatures());
      assertTrue(bob.lost().isEmpty(), "appium device lost after two calls: " + bob.lost());
    }
  }

  @Test
  public void appiumCallsVirtualWhichRejects() throws Exception {
    String a = user("appalice");
    String b = user("bob");
    try (AppiumDevice alice = open("appium-alice")) {
      alice.login(a);
      Device bob = farm.login(b);
      alice.call(b);
      expect(bob.log(), "onInvited(" + a + ",[],false)");
      bob.client().reject();
      expect(alice.events(), "onCallEnd");
      assertEquals(withoutMedia(alice.events().signatures()), List.of("onReject(" + b + ")",
          "onCallEnd"));
      // outside a call the component's hangup/accept/reject are no-ops: recorded as such, at once, no locator wait
      long before = System.nanoTime();
      ActionResult hangup = alice.hangup();
      ActionResult accept = alice.accept();
      ActionResult reject = alice.reject();
      assertTrue(System.nanoTime() - before < ACTION_TIMEOUT.toNanos() / 2,
          "no-ops should return at once (no button to wait for)");
      assertTrue(hangup.noOp() && hangup.reason().startsWith("not in a call"), hangup.toString());
      assertTrue(accept.noOp() && accept.reason().startsWith("nothing rings"), accept.toString());
      assertTrue(reject.noOp(), reject.toString());
      assertEquals(withoutMedia(alice.events().signatures()), List.of("onReject(" + b + ")", "onCallEnd"),
          "a no-op fires nothing");
    }
  }

  private AppiumDevice open(String id) throws Exception {
    return AppiumDevice.open(id, appium.url(), profile, Map.of(
        "webClient", farm.engine().webUri().toString().replaceAll("/$", ""),
        "invitationTimeoutMs", JAVA_TIMEOUT.toMillis(),
        "fakeMicrophone", tone.toAbsolutePath().toString()), ACTION_TIMEOUT);
  }

  /**
   * The web client's media callbacks, beside the call flow: audio availability, and the engine
   * refusing (10007) media the client still sends while the virtual peer (which has no media here)
   * leaves the room.
   */
  private static List<String> withoutMedia(List<String> signatures) {
    return signatures.stream().filter(s -> !s.startsWith("onUserAudioAvailable")
        && !s.startsWith("onError(10007,media to ")).toList();
  }
}
