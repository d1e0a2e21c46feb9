package io.callfarm.scenario;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.EventLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One device's callback stream as a scenario's expectations consume it: an expectation matches only events after
 * the cursor, the last event an earlier expectation on this device matched, and moves the cursor past what it
 * matched. So {@code expect: bob onCallEnd} after a second call waits for the second call's {@code onCallEnd}
 * instead of being satisfied by the first; events an expectation skipped over stay behind the cursor. Absence looks
 * only at events that happened after its step started. Waits block on the log and wake at least every 100 ms to
 * check whether a device of the run was lost, which fails the wait at once with the loss.
 *
 * <p>Used by one test thread; the log may grow on any thread.
 */
final class EventCursor {
  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String alias;
  private final EventLog log;
  private final Function<CallEvent, String> render;
  private final Supplier<Optional<String>> lost;
  private final Set<CallEvent> matched = Collections.newSetFromMap(new IdentityHashMap<>());
  private int next;

  /**
   * @param alias the device's name in the scenario, for messages
   * @param render an event as the scenario writes it (user ids as aliases), e.g. {@code onUserEnter(bob)}
   * @param lost why a device of the run is gone (that fails every wait), or empty
   */
  EventCursor(String alias, EventLog log, Function<CallEvent, String> render, Supplier<Optional<String>> lost) {
    this.alias = alias;
    this.log = log;
    this.render = render;
    this.lost = lost;
  }

  /**
   * Waits until {@code wanted} have all happened after the cursor — in this order, or in any order — by
   * {@code deadlineNanos}; then moves the cursor past the last of them.
   *
   * @return the matched events, in the order of {@code wanted}
   * @throws AssertionError naming what did not come and what the device saw instead
   */
  List<CallEvent> expect(List<String> wanted, boolean anyOrder, long deadlineNanos, long withinMs)
      throws InterruptedException {
    while (true) {
      List<CallEvent> events = log.events();
      int[] found = anyOrder ? anyOrder(events, wanted) : inOrder(events, wanted);
      int missing = indexOf(found, -1);
      if (missing < 0) {
        List<CallEvent> out = new ArrayList<>();
        int last = next;
        for (int index : found) {
          out.add(events.get(index));
          matched.add(events.get(index));
          last = Math.max(last, index + 1);
        }
        next = last;
        return out;
      }
      if (System.nanoTime() >= deadlineNanos) {
        throw new AssertionError(alias + " did not see " + wanted.get(missing)
            + (wanted.size() > 1 ? " (of " + wanted + (anyOrder ? " in any order)" : " in order)") : "")
            + " within " + withinMs + " ms; " + seen(events));
      }
      awaitMore(events.size(), deadlineNanos);
    }
  }

  /**
   * Fails as soon as {@code event} happens at or after {@code sinceNanos} ({@link System#nanoTime()}, the step's
   * start), watching until {@code untilNanos}. Does not move the cursor.
   */
  void absent(String event, long sinceNanos, long untilNanos) throws InterruptedException {
    while (true) {
      List<CallEvent> events = log.events();
      for (CallEvent e : events) {
        if (e.atNanos() >= sinceNanos && render.apply(e).equals(event)) {
          throw new AssertionError(alias + " saw " + event + " although it must not; it saw "
              + signatures(events));
        }
      }
      if (System.nanoTime() >= untilNanos) {
        return;
      }
      awaitMore(events.size(), untilNanos);
    }
  }

  /**
   * The device's whole timeline is {@code expected} once it has that many events (waiting up to 5 s) and stays so
   * for {@code quietMs}; then the cursor moves past everything.
   */
  void exactly(List<String> expected, long quietMs) throws InterruptedException {
    long filled = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (log.events().size() < expected.size() && System.nanoTime() < filled) {
      awaitMore(log.events().size(), filled);
    }
    long quiet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quietMs);
    while (System.nanoTime() < quiet) {
      awaitMore(Integer.MAX_VALUE, quiet); // lets the time pass, watching for a lost device
    }
    List<CallEvent> events = log.events();
    List<String> seen = signatures(events);
    if (!seen.equals(expected)) {
      throw new AssertionError(alias + " saw " + seen + ", expected exactly " + expected);
    }
    matched.addAll(events);
    next = events.size();
  }

  /** Whether an expectation matched this event (reports mark them). */
  boolean matched(CallEvent event) {
    return matched.contains(event);
  }

  /** Index of the first event no expectation consumed. */
  int position() {
    return next;
  }

  private int[] inOrder(List<CallEvent> events, List<String> wanted) {
    int[] found = new int[wanted.size()];
    java.util.Arrays.fill(found, -1);
    int from = next;
    for (int w = 0; w < wanted.size(); w++) {
      for (int i = from; i < events.size(); i++) {
        if (render.apply(events.get(i)).equals(wanted.get(w))) {
          found[w] = i;
          break;
        }
      }
      if (found[w] < 0) {
        return found;
      }
      from = found[w] + 1;
    }
    return found;
  }

  private int[] anyOrder(List<CallEvent> events, List<String> wanted) {
    int[] found = new int[wanted.size()];
    java.util.Arrays.fill(found, -1);
    boolean[] used = new boolean[events.size()];
    for (int w = 0; w < wanted.size(); w++) {
      for (int i = next; i < events.size(); i++) {
        if (!used[i] && render.apply(events.get(i)).equals(wanted.get(w))) {
          found[w] = i;
          used[i] = true;
          break;
        }
      }
    }
    return found;
  }

  /** Blocks until the log holds more than {@code count} events, a slice passed, or the deadline; checks losses. */
  private void awaitMore(int count, long deadlineNanos) throws InterruptedException {
    Optional<String> gone = lost.get();
    if (gone.isPresent()) {
      throw new AssertionError(gone.get());
    }
    long left = Math.min(SLICE_NANOS, deadlineNanos - System.nanoTime());
    if (left > 0) {
      log.await(e -> log.events().size() > count, Duration.ofNanos(left));
    }
  }

  private String seen(List<CallEvent> events) {
    List<String> all = signatures(events);
    if (next == 0) {
      return "it saw " + all;
    }
    return "after its last matched callback (" + all.get(next - 1) + ", #" + next + ") it saw "
        + all.subList(next, all.size()) + "; before that " + all.subList(0, next);
  }

  private List<String> signatures(List<CallEvent> events) {
    return events.stream().map(render).toList();
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
