package io.callfarm.engine.call;

import java.util.List;

/**
 * One delegate callback as observed, e.g. {@code onReject(bob)}.
 *
 * @param name the callback name, e.g. {@code onUserEnter}
 * @param args its arguments rendered as strings (lists as {@code [a, b]})
 * @param atNanos {@link System#nanoTime()} when it fired, for ordering and latency
 * @param atMillis wall-clock epoch milliseconds when it fired, for reports
 */
public record CallEvent(String name, List<String> args, long atNanos, long atMillis) {
  public CallEvent {
    args = List.copyOf(args);
  }

  /** {@code name(arg1,arg2)}, the form timelines and expectations use. */
  public String signature() {
    return args.isEmpty() ? name : name + "(" + String.join(",", args) + ")";
  }

  @Override
  public String toString() {
    return signature();
  }
}
