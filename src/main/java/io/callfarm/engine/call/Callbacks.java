package io.callfarm.engine.call;

import java.util.List;
import java.util.Map;

/**
 * Turns what the rules engine decided into the callbacks of one flavour ({@link CallbackNames}) and hands
 * them to the component's {@link CallListener}. Only the TUICallEngine model needs state: whether the current
 * call began (a remote joined) and the last reason it might not connect, both kept in {@link CallState}.
 * Event thread only.
 */
final class Callbacks {
  /** TUICallEngine's CallEndReason names. */
  static final String CANCELED = "canceled";
  static final String NO_RESPONSE = "noResponse";
  static final String REJECT = "reject";
  static final String LINE_BUSY = "lineBusy";
  static final String HANGUP = "hangup";

  private final CallbackNames names;
  private final CallListener listener;

  Callbacks(CallbackNames names, CallListener listener) {
    this.names = names;
    this.listener = listener;
  }

  void error(int code, String message) {
    listener.on("onError", code, message);
  }

  void invited(String sponsor, List<String> others, boolean fromGroup) {
    listener.on(names.invited(), sponsor, others, fromGroup);
  }

  void inviteeListUpdate(List<String> invitees) {
    listener.on(names.inviteeListUpdate(), invitees);
  }

  void userEnter(CallState call, String user) {
    listener.on(names.userEnter(), user);
    if (names.beginsAndNotConnected() && !call.began) {
      call.began = true;
      listener.on("onCallBegin", call.isSponsor ? "caller" : "called");
    }
  }

  void userLeave(String user) {
    listener.on(names.userLeave(), user);
  }

  void audioAvailable(String user, boolean available) {
    listener.on(names.audioAvailable(), user, available);
  }

  void voiceVolume(String user, int volume) {
    if (names.volumeAsMap()) {
      listener.on(names.voiceVolume(), Map.of(user, volume));
    } else {
      listener.on(names.voiceVolume(), user, volume);
    }
  }

  void rejected(CallState call, String user) {
    call.notConnectedReason = REJECT;
    listener.on(names.rejected(), user);
  }

  void noResponse(CallState call, String user) {
    call.notConnectedReason = NO_RESPONSE;
    listener.on(names.noResponse(), user);
  }

  void lineBusy(CallState call, String user) {
    call.notConnectedReason = LINE_BUSY;
    listener.on(names.lineBusy(), user);
  }

  /** The ringing invitation was withdrawn; {@code began}: the call had connected before (a group call). */
  void callingCancel(boolean began) {
    if (names.beginsAndNotConnected()) {
      listener.on(began ? names.callEnd() : names.callingCancel(), began ? "called" : CANCELED);
    } else {
      listener.on(names.callingCancel());
    }
  }

  void callingTimeout() {
    if (names.beginsAndNotConnected()) {
      listener.on(names.callingTimeout(), NO_RESPONSE);
    } else {
      listener.on(names.callingTimeout());
    }
  }

  /** The call ended: state as it was when it ended (cleared afterwards by the caller). */
  void callEnd(boolean began, boolean sponsor, String notConnectedReason) {
    if (!names.beginsAndNotConnected()) {
      listener.on(names.callEnd());
    } else if (began) {
      listener.on(names.callEnd(), sponsor ? "caller" : "called");
    } else {
      listener.on("onCallNotConnected", notConnectedReason == null ? HANGUP : notConnectedReason);
    }
  }
}
