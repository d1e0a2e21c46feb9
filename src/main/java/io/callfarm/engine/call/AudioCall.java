package io.callfarm.engine.call;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The audio-call component of DESIGN §1 (TRTCAudioCall). Calls return at once; their effects are
 * reported through the {@link AudioCallDelegate}, whose methods run on the component's own event
 * thread, one at a time, in the order the events happened. Errors in actions are reported with
 * {@link AudioCallDelegate#onError}.
 */
public interface AudioCall {
  /** Prepares the component; must precede {@link #login}. */
  void setup();

  /** Logs out if needed and releases every resource. The component cannot be used afterwards. */
  void destroy();

  void setDelegate(AudioCallDelegate delegate);

  /**
   * Logs in with a UserSig. Completes when the server accepted it; fails with a {@link CallException}
   * carrying the server's code (e.g. 70001 expired) otherwise.
   */
  CompletableFuture<Void> login(long sdkAppId, String userId, String userSig);

  /** Hangs up any call, then logs out. Completes when the server confirmed. */
  CompletableFuture<Void> logout();

  /** A 1v1 call: invites {@code userId} and enters a new media room. */
  void call(String userId);

  /**
   * A group call, or an invitation of more users into the current call.
   *
   * @param groupId the IM group to signal through (broadcast), or null for one C2C invitation each
   */
  void groupCall(List<String> userIds, String groupId);

  /** Accepts the pending invitation: enters the call's media room. */
  void accept();

  /** Rejects the pending invitation. */
  void reject();

  /** Leaves the call (see DESIGN §1 for the cancel rules); a no-op when not in a call. */
  void hangup();

  void setMicMute(boolean mute);

  /** True routes received audio to the loudspeaker, false to the earpiece (lower gain). */
  void setHandsFree(boolean handsFree);
}
