package io.callfarm.engine.call;

/**
 * How one flavour's delegate names the component's callbacks, as data. The rules engine reports neutral
 * happenings ({@link Callbacks}); these names are what a QA team sees in that client's logs and what its
 * scenarios expect.
 *
 * @param invited              an invitation rings (args: sponsor, the other invitees, whether from a group)
 * @param inviteeListUpdate    more users were invited into the current group call (args: the list)
 * @param userEnter            a remote entered the call (args: user)
 * @param userLeave            a remote left (args: user)
 * @param audioAvailable       a remote's audio started or stopped (args: user, available)
 * @param voiceVolume          a remote's level, 300 ms apart (args: user, 0-100; or one map of user to level)
 * @param volumeAsMap          whether {@code voiceVolume} reports a map
 * @param rejected             an invitee rejected (args: user)
 * @param noResponse           an invitee did not answer in time (args: user)
 * @param lineBusy             an invitee was in another call (args: user)
 * @param callingCancel        the caller withdrew the ringing invitation
 * @param callingTimeout       the ringing invitation timed out at the callee
 * @param callEnd              the call ended
 * @param beginsAndNotConnected TUICallEngine's model: {@code onCallBegin(role)} when the first remote joins,
 *                             and a call that never connected ends with {@code onCallNotConnected(reason)}
 *                             (canceled, noResponse, reject, lineBusy, hangup) instead of the v4 callbacks
 */
public record CallbackNames(String invited, String inviteeListUpdate, String userEnter, String userLeave,
    String audioAvailable, String voiceVolume, boolean volumeAsMap, String rejected, String noResponse,
    String lineBusy, String callingCancel, String callingTimeout, String callEnd,
    boolean beginsAndNotConnected) {

  /** TRTCAudioCallDelegate (iOS, v4), the reference names. */
  public static final CallbackNames V4_IOS = new CallbackNames("onInvited", "onGroupCallInviteeListUpdate",
      "onUserEnter", "onUserLeave", "onUserAudioAvailable", "onUserVoiceVolume", false, "onReject", "onNoResp",
      "onLineBusy", "onCallingCancel", "onCallingTimeOut", "onCallEnd", false);
  /** TRTCAudioCallListener (Android, v4): {@code onCallingTimeout}, volumes as one map. */
  public static final CallbackNames V4_ANDROID = new CallbackNames("onInvited", "onGroupCallInviteeListUpdate",
      "onUserEnter", "onUserLeave", "onUserAudioAvailable", "onUserVoiceVolume", true, "onReject", "onNoResp",
      "onLineBusy", "onCallingCancel", "onCallingTimeout", "onCallEnd", false);
  /** TRTCCallingDelegate: the v4 names, {@code onCallingTimeout}, volumes as one map. */
  public static final CallbackNames TRTCCALLING = V4_ANDROID;
  /** TUICallObserver. */
  public static final CallbackNames TUICALLKIT = new CallbackNames("onCallReceived", "onUserInviting",
      "onUserJoin", "onUserLeave", "onUserAudioAvailable", "onUserVoiceVolumeChanged", true, "onUserReject",
      "onUserNoResponse", "onUserLineBusy", "onCallNotConnected", "onCallNotConnected", "onCallEnd", true);
}
