package io.callfarm.farm;

import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.net.NetworkFabric;
import java.util.List;

/**
 * One phone in the farm as a test drives it: the call component's actions, its time-stamped
 * callback stream, its microphone and network. Implementations: virtual (in the JVM), browser
 * (headless Chromium) and Appium. Actions return at once; outcomes are observed in {@link #events()}.
 */
public interface Device extends AutoCloseable {
  /** The farm's id for this device, e.g. {@code virtual-3}. */
  String id();

  /** {@code virtual}, {@code browser} or {@code appium}. */
  String kind();

  /** The user logged in on it, or null. */
  String userId();

  /** Logs in as {@code userId} (UserSig from the engine); blocks until the server accepted. */
  void login(String userId) throws Exception;

  void logout() throws Exception;

  void call(String userId);

  void groupCall(List<String> userIds, String groupId);

  void accept();

  void reject();

  void hangup();

  void setMicMute(boolean mute);

  void setHandsFree(boolean handsFree);

  /** Creates an IM group owned by this device's user (for group calls by group id). */
  void createGroup(String groupId, List<String> members) throws Exception;

  /** Every callback this device fired, with times. */
  EventLog events();

  /** What the microphone plays in the next call. */
  void setMic(MicSpec mic);

  /** This device's network from now on (also mid-call). */
  void setNetwork(NetworkFabric.Profile profile);

  /** Whether the device is usable: connected, its driver alive. */
  boolean healthy();
}
