package io.callfarm.engine.call;

import java.util.List;

/**
 * Callbacks of the audio-call component (TRTCAudioCallDelegate). Every method has an empty default so
 * a listener implements only what it needs. Called on the component's event thread; must not block.
 */
public interface AudioCallDelegate {
  default void onError(int code, String message) {}

  /** @param userIds the other invitees of the call (not the local user) */
  default void onInvited(String sponsor, List<String> userIds, boolean isFromGroup) {}

  /** @param userIds the users still invited to the current group call */
  default void onGroupCallInviteeListUpdate(List<String> userIds) {}

  default void onUserEnter(String userId) {}

  default void onUserLeave(String userId) {}

  default void onUserAudioAvailable(String userId, boolean available) {}

  /** @param volume the remote's received level, 0 (silent) to 100 */
  default void onUserVoiceVolume(String userId, int volume) {}

  default void onReject(String userId) {}

  default void onNoResp(String userId) {}

  default void onLineBusy(String userId) {}

  default void onCallingCancel() {}

  default void onCallingTimeOut() {}

  default void onCallEnd() {}
}
