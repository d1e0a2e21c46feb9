package io.callfarm.farm;

import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.net.NetworkFabric;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One phone in the farm as a test drives it: the call component's actions, its time-stamped callback stream,
 * its microphone, speaker and network, and what it sent and heard. Implementations: virtual (the engine's
 * component; with media in a child-JVM device host), browser (headless Chromium) and Appium. A test never needs
 * to know which kind it drives: everything an audio check or a report needs is here.
 *
 * <p>Actions return once the device took them (a UI tap done, a command handed to the component); outcomes are
 * observed in {@link #events()}. Times are this JVM's {@link System#nanoTime()}, whatever process or page the
 * device lives in. Meant for one test thread at a time; {@link #events()} and {@link #lost()} may be read from
 * any thread.
 */
public interface Device extends AutoCloseable {
  /** Why only a virtual device's microphone can be waited for. */
  String UNOBSERVED_MIC = "a browser's fake microphone loops its file from when the browser opened it, a start "
      + "nobody observes: wait for virtual microphones only";

  /** The farm's id for this device, e.g. {@code virtual-3}. */
  String id();

  /** {@code virtual}, {@code browser} or {@code appium}. */
  String kind();

  /** The user logged in on it, or null. */
  String userId();

  /** Logs in as {@code userId} (UserSig from the engine); blocks until the server accepted. */
  void login(String userId) throws Exception;

  void logout() throws Exception;

  ActionResult call(String userId);

  ActionResult groupCall(List<String> userIds, String groupId);

  /** Accepts the ringing invitation; a recorded no-op when nothing rings. */
  ActionResult accept();

  /** Rejects the ringing invitation; a recorded no-op when nothing rings. */
  ActionResult reject();

  /** Leaves the call (a ringing callee rejects, as the component's hangup); a no-op outside a call. */
  ActionResult hangup();

  ActionResult setMicMute(boolean mute);

  ActionResult setHandsFree(boolean handsFree);

  /** Every callback this device fired, with times (see the interface comment). */
  EventLog events();

  /** What the microphone plays in the next call. */
  void setMic(MicSpec mic);

  /** This device's network from now on (also mid-call). */
  void setNetwork(NetworkFabric.Profile profile);

  /**
   * Waits, at most {@code within}, until its microphone plays its source in the call it is in or about to enter (a
   * virtual microphone stays silent through a warm-up that lasts as long as its receivers' jitter buffers take to
   * settle); false if it does not by then.
   *
   * @throws FarmException for a browser or Appium device: its fake microphone loops a file from when the browser
   *     opened it, a start nobody observes
   */
  boolean awaitTalking(Duration within);

  /**
   * What its microphone sent in its last call.
   *
   * @throws FarmException saying why there is nothing to compare with (no audio sent yet, no media)
   */
  SentAudio sent();

  /**
   * The recording of what it heard from {@code userId} in its last call, waiting up to {@code wait} for that call's
   * media to close (a virtual device writes its recordings when it leaves the room).
   *
   * @throws FarmException saying why there is none: no call with audio yet, nothing from that user, or a speaker
   *     this farm cannot hear (a native app under Appium)
   */
  HeardAudio heard(String userId, Duration wait);

  /**
   * The users whose audio it recorded by itself in its last call and keeps as files (virtual devices), without
   * waiting; empty for devices whose recordings must be fetched on demand (web clients): ask {@link #heard} there.
   */
  Set<String> recordedFrom();

  /** What its screen shows now, as a PNG; empty for devices without a screen (virtual). */
  Optional<byte[]> screenshot();

  /**
   * Why the device is gone for good, e.g. {@code device host crashed (exit 137, last log lines: ...)}; empty while
   * it is usable. Cheap (no round trip). Once lost, its actions throw {@link FarmException} with this reason.
   */
  Optional<String> lost();
}
