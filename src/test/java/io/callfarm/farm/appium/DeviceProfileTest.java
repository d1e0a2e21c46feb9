package io.callfarm.farm.appium;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;

import io.callfarm.farm.FarmException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/** Device profiles: the shipped ones load, broken ones are refused with a message saying what and where. */
public class DeviceProfileTest {
  private static final String VALID = String.join("\n",
      "name: test",
      "logType: logcat",
      "capabilities: {platformName: Android, 'appium:udid': '${udid}'}",
      "actions:",
      "  login: [{type: {id: user, text: '${userId}'}}, {tap: {accessibilityId: Log in}}]",
      "  call: [{type: {id: dial, text: '${userId}'}}, {tap: {xpath: '//button[1]'}}]",
      "  accept: [{tap: {css: '#accept'}}]",
      "  reject: [{tap: {id: reject}}]",
      "  hangup: [{tap: {id: hangup}}]",
      "  setMicMute: [{toggle: {id: mute, attribute: checked, to: '${on}'}}]",
      "callbacks:",
      "  onInvited: 'ev onInvited\\(([^,]*),(\\[[^\\]]*\\]),(true|false)\\)'",
      "  onUserEnter: 'ev onUserEnter\\((\\w+)\\)'",
      "  onUserLeave: 'ev onUserLeave\\((\\w+)\\)'",
      "  onReject: 'ev onReject\\((\\w+)\\)'",
      "  onCallEnd: 'ev onCallEnd'",
      "");

  @DataProvider
  public Object[][] shipped() {
    return new Object[][] {{"web-client"}, {"trtc-demo-android"}, {"trtc-demo-ios"}};
  }

  @Test(dataProvider = "shipped")
  public void shippedProfilesLoad(String name) {
    DeviceProfile profile = DeviceProfile.load(Path.of("device-farm/profiles/" + name + ".yaml"));
    assertEquals(profile.name(), name);
    for (String action : DeviceProfile.REQUIRED_ACTIONS) {
      assertNotNull(profile.steps(action), name + " lacks " + action);
    }
    assertEquals(profile.callbacks().size(), CallbackPattern.ARITY.size() - 1,
        name + " should recognise every callback but the 300 ms volume reports");
  }

  @Test
  public void webClientPatternsReadChromedriversConsoleLines() {
    DeviceProfile profile = DeviceProfile.load(Path.of("device-farm/profiles/web-client.yaml"));
    assertEquals(match(profile, "http://127.0.0.1:4567/js/events.js 39:14 "
        + "\"callfarm-event onInvited(alice7,[bob8,carol9],true) 1795634236484.125\""),
        Optional.of("onInvited(alice7,[bob8,carol9],true)"));
    assertEquals(match(profile, "http://127.0.0.1:4567/js/events.js 39:14 "
        + "\"callfarm-event onCallEnd 1795634236484.125\""), Optional.of("onCallEnd"));
    assertEquals(match(profile, "http://127.0.0.1:4567/js/events.js 39:14 "
        + "\"callfarm-event onError(-1001,entering room 7 failed: gone) 1795634236484.125\""),
        Optional.of("onError(-1001,entering room 7 failed: gone)"));
    assertEquals(match(profile, "http://127.0.0.1:4567/js/app.js 12:3 \"contacts refreshed\""),
        Optional.empty());
    assertEquals(profile.settingsUsed(), Set.of("chromedriverPort", "userDataDir",
        "fakeMicrophone", "webClient", "invitationTimeoutMs"));
  }

  @Test
  public void androidPatternsReadLogcatLines() {
    DeviceProfile profile = DeviceProfile.load(Path.of("device-farm/profiles/trtc-demo-android.yaml"));
    assertEquals(match(profile, "11-25 10:00:00.123  4321  4321 I CallFarm: callfarm-event "
        + "onUserLeave(bob)"), Optional.of("onUserLeave(bob)"));
  }

  @Test
  public void validProfileParses() {
    DeviceProfile profile = DeviceProfile.parse(VALID, "test.yaml");
    assertEquals(profile.logType(), "logcat");
    assertEquals(profile.steps("login").get(1), new Step("tap", new Locator("accessibilityId",
        "Log in"), null, null));
    assertEquals(profile.settingsUsed(), Set.of("udid"));
  }

  @Test
  public void unknownActionIsRefused() {
    assertRefused(VALID.replace("  hangup:", "  hangUp:"),
        "test.yaml: action 'hangUp' is unknown");
  }

  @Test
  public void missingRequiredActionIsRefused() {
    assertRefused(VALID.replace("  reject: [{tap: {id: reject}}]\n", ""),
        "test.yaml: missing required action 'reject'");
  }

  @Test
  public void stepWithoutLocatorIsRefused() {
    assertRefused(VALID.replace("{tap: {id: hangup}}", "{tap: {text: hangup}}"),
        "test.yaml: action 'hangup' step 1 (tap): missing locator: give exactly one of "
            + "[id, accessibilityId, xpath, css]");
  }

  @Test
  public void twoLocatorsAreRefused() {
    assertRefused(VALID.replace("{tap: {id: hangup}}", "{tap: {id: hangup, css: '#h'}}"),
        "missing locator: give exactly one of [id, accessibilityId, xpath, css], not [id, css]");
  }

  @Test
  public void unknownStepIsRefused() {
    assertRefused(VALID.replace("{tap: {id: hangup}}", "{swipe: {id: hangup}}"),
        "test.yaml: action 'hangup' step 1: unknown step 'swipe'");
  }

  @Test
  public void badRegexIsRefused() {
    assertRefused(VALID.replace("'ev onCallEnd'", "'ev onCallEnd('"),
        "test.yaml: callback 'onCallEnd': bad regex: Unclosed group");
  }

  @Test
  public void wrongNumberOfGroupsIsRefused() {
    assertRefused(VALID.replace("'ev onReject\\((\\w+)\\)'", "'ev onReject'"),
        "test.yaml: callback 'onReject': the callback has 1 argument(s) but the regex captures 0");
  }

  @Test
  public void unknownCallbackIsRefused() {
    assertRefused(VALID.replace("  onCallEnd:", "  onCallEnd: 'x'\n  onHangup:"),
        "test.yaml: callback 'onHangup' is unknown");
  }

  @Test
  public void missingRequiredCallbackIsRefused() {
    assertRefused(VALID.replace("  onUserLeave: 'ev onUserLeave\\((\\w+)\\)'\n", ""),
        "test.yaml: missing required callback 'onUserLeave'");
  }

  @Test
  public void variableTheActionDoesNotHaveIsRefused() {
    assertRefused(VALID.replace("{tap: {css: '#accept'}}", "{tap: {css: '#accept-${userId}'}}"),
        "test.yaml: action 'accept' step 1: uses ${userId}, which this action does not have");
  }

  @Test
  public void placeholdersKeepTheTypeOfAWholeValue() {
    Object resolved = Placeholders.resolve(Map.of("port", "${port}", "args", List.of("--dir=${dir}")),
        Map.of("port", 9515, "dir", "/tmp/x"), "test");
    assertEquals(resolved, Map.of("port", 9515, "args", List.of("--dir=/tmp/x")));
    FarmException missing = expectThrows(() -> Placeholders.resolve("${nope}", Map.of(), "caps"));
    assertTrue(missing.getMessage().startsWith("caps: no value for ${nope}"), missing.getMessage());
  }

  private static Optional<String> match(DeviceProfile profile, String line) {
    for (CallbackPattern pattern : profile.callbacks()) {
      Optional<List<String>> args = pattern.match(line);
      if (args.isPresent()) {
        return Optional.of(args.get().isEmpty() ? pattern.callback()
            : pattern.callback() + "(" + String.join(",", args.get()) + ")");
      }
    }
    return Optional.empty();
  }

  private static void assertRefused(String yaml, String messageStart) {
    FarmException e = expectThrows(() -> DeviceProfile.parse(yaml, "test.yaml"));
    assertTrue(e.getMessage().contains(messageStart), "message was: " + e.getMessage());
  }

  private static FarmException expectThrows(Runnable r) {
    try {
      r.run();
    } catch (FarmException e) {
      return e;
    }
    throw new AssertionError("expected a FarmException");
  }
}
