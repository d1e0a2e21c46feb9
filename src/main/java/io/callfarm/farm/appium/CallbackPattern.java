package io.callfarm.farm.appium;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a profile recognises one callback in the device's log (browser console, logcat, syslog): a regex
 * found anywhere in a log line whose capture groups are the callback's arguments, in order, rendered
 * like {@code CallEvent.signature()} (lists with their brackets: {@code [a,b]}, booleans
 * {@code true}/{@code false}). Use non-capturing groups {@code (?:..)} for anything else.
 */
public record CallbackPattern(String callback, Pattern pattern) {
  /** Every callback of the call component with its number of arguments. */
  public static final Map<String, Integer> ARITY = Map.ofEntries(
      Map.entry("onError", 2), Map.entry("onInvited", 3), Map.entry("onGroupCallInviteeListUpdate", 1),
      Map.entry("onUserEnter", 1), Map.entry("onUserLeave", 1), Map.entry("onUserAudioAvailable", 2),
      Map.entry("onUserVoiceVolume", 2), Map.entry("onReject", 1), Map.entry("onNoResp", 1),
      Map.entry("onLineBusy", 1), Map.entry("onCallingCancel", 0), Map.entry("onCallingTimeOut", 0),
      Map.entry("onCallEnd", 0));

  /** The callback's arguments when {@code line} matches, else empty. */
  public Optional<List<String>> match(String line) {
    Matcher m = pattern.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    List<String> args = new ArrayList<>(m.groupCount());
    for (int i = 1; i <= m.groupCount(); i++) {
      args.add(m.group(i) == null ? "" : m.group(i));
    }
    return Optional.of(args);
  }
}
