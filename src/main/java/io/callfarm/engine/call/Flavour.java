package io.callfarm.engine.call;

import java.util.List;
import java.util.Locale;

/**
 * A client generation and platform of the call component, as data over one engine of call rules
 * ({@link AudioCallClient}): which signalling it speaks, its known quirks, and how its delegate names the
 * callbacks. The five flavours of the interop matrix:
 * <ul>
 *   <li>{@code ios-v4}: TRTCAudioCall on v4 custom messages, the reference rules of DESIGN §1;</li>
 *   <li>{@code android-v4}: the Android build of the same generation: a callee that hangs up before answering
 *       sends no reject, and a group hangup with nobody in the room cancels the call for everyone (its
 *       {@code groupHangup} sends sponsorCancel to the group whoever hangs up); {@code onCallingTimeout};
 *       {@code onUserVoiceVolume} reports a map;</li>
 *   <li>{@code trtccalling}: TRTCCalling on IM signalling (invite / accept / reject / cancel with an inviteID,
 *       the server runs the timeout), payload {@code {version, businessID:"av_call", platform, data:{room_id,
 *       cmd, userIDs}}} plus the legacy fields; line busy = a reject with {@code line_busy}; hangup = an
 *       invitation with timeout 0 and {@code cmd:"hangup"};</li>
 *   <li>{@code tuicallkit}: TUICallEngine on the same signalling: {@code onCallReceived}, {@code onCallBegin},
 *       {@code onCallEnd}, {@code onCallNotConnected(reason)}, {@code onUserReject/NoResponse/LineBusy/Join/Leave},
 *       {@code ignore()}; it ignores payloads without {@code businessID:"av_call"};</li>
 *   <li>{@code web}: the project's browser client (JavaScript, the ios-v4 rules), run by browser devices; not
 *       a flavour of this Java component.</li>
 * </ul>
 *
 * @param id                    the flavour's name in scenarios and farm pools
 * @param protocol              how calls are signalled
 * @param platform              the {@code platform} field of IM signalling payloads
 * @param rejectsUnansweredHangup whether a ringing callee's hangup sends a reject (else it ends silently)
 * @param groupHangupCancelsAll whether a group hangup with nobody else in the room cancels the call for everyone
 * @param requiresBusinessId    whether IM payloads without {@code businessID:"av_call"} are ignored
 * @param names                 the delegate's callback names
 */
public record Flavour(String id, Protocol protocol, String platform, boolean rejectsUnansweredHangup,
    boolean groupHangupCancelsAll, boolean requiresBusinessId, CallbackNames names) {

  /** The two signalling generations; clients of different ones do not hear each other. */
  public enum Protocol {
    /** v4 custom IM messages ({@link CallMessage}); timeouts run in the clients. */
    V4_CUSTOM_MESSAGE,
    /** V2TIM signalling (signal.invite/accept/reject/cancel); the server runs the timeout. */
    IM_SIGNALLING
  }

  public static final Flavour IOS_V4 = new Flavour("ios-v4", Protocol.V4_CUSTOM_MESSAGE, "iOS", true, false,
      false, CallbackNames.V4_IOS);
  public static final Flavour ANDROID_V4 = new Flavour("android-v4", Protocol.V4_CUSTOM_MESSAGE, "Android",
      false, true, false, CallbackNames.V4_ANDROID);
  public static final Flavour TRTCCALLING = new Flavour("trtccalling", Protocol.IM_SIGNALLING, "Android", true,
      false, false, CallbackNames.TRTCCALLING);
  public static final Flavour TUICALLKIT = new Flavour("tuicallkit", Protocol.IM_SIGNALLING, "Android", true,
      false, true, CallbackNames.TUICALLKIT);
  /** The flavours this Java component runs. */
  public static final List<Flavour> JAVA = List.of(IOS_V4, ANDROID_V4, TRTCCALLING, TUICALLKIT);
  /** Every flavour of the matrix, the browser client's included. */
  public static final List<String> ALL_IDS = List.of("ios-v4", "android-v4", "trtccalling", "tuicallkit", "web");
  /** The browser client's flavour name. */
  public static final String WEB = "web";

  /**
   * The Java flavour named {@code id}.
   *
   * @throws IllegalArgumentException for {@code web} (a browser device runs it) or an unknown name
   */
  public static Flavour of(String id) {
    String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    for (Flavour f : JAVA) {
      if (f.id.equals(key)) {
        return f;
      }
    }
    if (WEB.equals(key)) {
      throw new IllegalArgumentException("flavour 'web' is the browser client: use a device of kind browser");
    }
    throw new IllegalArgumentException("unknown flavour '" + id + "'; one of " + ALL_IDS);
  }

  /** Whether it has TUICallEngine's {@code ignore()} (stop ringing without rejecting). */
  public boolean canIgnore() {
    return names.beginsAndNotConnected();
  }

  @Override
  public String toString() {
    return id;
  }
}
