package io.callfarm.engine.call;

import java.util.List;
import java.util.Map;

/**
 * Hands callbacks to a v4 {@link AudioCallDelegate} by name (both platforms' spellings of the timeout; a volume
 * map is split per user); a callback the delegate has no method for (TUICallKit's) is not delivered.
 */
final class DelegateListener implements CallListener {
  private final AudioCallDelegate delegate;

  DelegateListener(AudioCallDelegate delegate) {
    this.delegate = delegate;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void on(String callback, Object... a) {
    switch (callback) {
      case "onError" -> delegate.onError((Integer) a[0], (String) a[1]);
      case "onInvited" -> delegate.onInvited((String) a[0], (List<String>) a[1], (Boolean) a[2]);
      case "onGroupCallInviteeListUpdate" -> delegate.onGroupCallInviteeListUpdate((List<String>) a[0]);
      case "onUserEnter" -> delegate.onUserEnter((String) a[0]);
      case "onUserLeave" -> delegate.onUserLeave((String) a[0]);
      case "onUserAudioAvailable" -> delegate.onUserAudioAvailable((String) a[0], (Boolean) a[1]);
      case "onUserVoiceVolume" -> {
        if (a.length == 1) {
          ((Map<String, Integer>) a[0]).forEach(delegate::onUserVoiceVolume);
        } else {
          delegate.onUserVoiceVolume((String) a[0], (Integer) a[1]);
        }
      }
      case "onReject" -> delegate.onReject((String) a[0]);
      case "onNoResp" -> delegate.onNoResp((String) a[0]);
      case "onLineBusy" -> delegate.onLineBusy((String) a[0]);
      case "onCallingCancel" -> delegate.onCallingCancel();
      case "onCallingTimeOut", "onCallingTimeout" -> delegate.onCallingTimeOut();
      case "onCallEnd" -> delegate.onCallEnd();
      default -> { }
    }
  }
}
