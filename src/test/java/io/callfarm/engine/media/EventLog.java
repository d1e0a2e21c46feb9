package io.callfarm.engine.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Records a device's {@link MediaListener} events for assertions; thread-safe. */
final class EventLog implements MediaListener {

  /** One callback as received. */
  record Event(String kind, String userId, int value, long atNanos) {
  }

  private final List<Event> events = new ArrayList<>();

  @Override
  public synchronized void onUserAudioAvailable(String userId, boolean available) {
    events.add(new Event("available", userId, available ? 1 : 0, System.nanoTime()));
  }

  @Override
  public synchronized void onUserVoiceVolume(String userId, int volume) {
    events.add(new Event("volume", userId, volume, System.nanoTime()));
  }

  @Override
  public synchronized void onFirstAudio(String userId) {
    events.add(new Event("firstAudio", userId, 1, System.nanoTime()));
  }

  synchronized List<Event> snapshot() {
    return List.copyOf(events);
  }

  /** Waits until an event of {@code kind} about {@code userId} after {@code sinceNanos} matches. */
  Event await(String kind, String userId, long sinceNanos, Predicate<Event> match, Duration timeout) {
    Event[] found = new Event[1];
    Poll.until(() -> {
      for (Event e : snapshot()) {
        if (e.kind().equals(kind) && e.userId().equals(userId) && e.atNanos() >= sinceNanos && match.test(e)) {
          found[0] = e;
          return true;
        }
      }
      return false;
    }, timeout, () -> "no " + kind + " event about " + userId + " matching; events: " + snapshot());
    return found[0];
  }

  /** Polling with a deadline (tests never sleep for a fixed time). */
  static final class Poll {

    private Poll() {
    }

    static void until(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> failure) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("within " + timeout.toMillis() + " ms: " + failure.get());
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
    }
  }
}
