package io.callfarm.interop;

import io.callfarm.engine.call.CallEvent;
import java.util.List;

/**
 * One participant of a matrix cell running one flavour: a Java call component ({@link ComponentParty}) or
 * the browser client ({@link WebParty}). Actions are the component's own API (an action with nothing to act
 * on is its no-op); events are what it fired since the party was created. Closing logs it out.
 */
interface Party extends AutoCloseable {
  /** The flavour it runs. */
  String flavour();

  /** Logs in as {@code userId}; returns once the server accepted. */
  void login(String userId) throws Exception;

  /** {@code call}, {@code groupCall}, {@code accept}, {@code reject} or {@code hangup}; returns at once. */
  void act(String verb, List<String> userIds);

  /** Callbacks fired since the party was created, oldest first. */
  List<CallEvent> events();

  @Override
  void close();
}
