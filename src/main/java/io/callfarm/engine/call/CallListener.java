package io.callfarm.engine.call;

/**
 * Receives a component's callbacks by the names its flavour gives them ({@code onCallingTimeOut} on iOS v4,
 * {@code onCallingTimeout} on Android and TRTCCalling, {@code onCallNotConnected(noResponse)} on TUICallKit),
 * with their arguments: strings, booleans, integers, lists of user ids or a map of user id to volume. Called on
 * the component's event thread, in order; must not block.
 */
@FunctionalInterface
public interface CallListener {
  void on(String callback, Object... args);
}
