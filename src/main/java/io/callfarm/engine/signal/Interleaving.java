package io.callfarm.engine.signal;

/**
 * Named points inside the server's concurrent paths where a test can run something in between, to
 * reproduce a race deterministically instead of by luck. Production code uses {@link #NONE}.
 */
@FunctionalInterface
interface Interleaving {
  Interleaving NONE = point -> { };

  /** Called on the thread that reached {@code point}; may block. */
  void at(String point);
}
