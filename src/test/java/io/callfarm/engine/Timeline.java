package io.callfarm.engine;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.fail;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.EventLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Assertions on a device's callback timeline, with deadlines instead of sleeps. */
public final class Timeline {
  /** Generous deadline for events that should arrive promptly on loopback. */
  public static final Duration PROMPT = Duration.ofSeconds(5);
  /** How long a device must stay quiet to prove an event does not come. */
  public static final Duration QUIET = Duration.ofMillis(400);

  private Timeline() {}

  /** Waits for the event and returns it; fails naming what the device saw instead. */
  public static CallEvent expect(EventLog log, String signature) throws InterruptedException {
    Optional<CallEvent> event = log.await(signature, PROMPT);
    if (event.isEmpty()) {
      fail("expected " + signature + " within " + PROMPT.toMillis() + " ms; saw " + log.signatures());
    }
    return event.get();
  }

  /**
   * Waits until the device has seen exactly {@code expected}, in that order, and then nothing else
   * for {@link #QUIET}.
   */
  public static void expectExactly(EventLog log, String... expected) throws InterruptedException {
    List<String> want = List.of(expected);
    if (!want.isEmpty()) {
      log.await(e -> log.signatures().size() >= want.size(), PROMPT);
    }
    expectQuiet(log, want.size());
    assertEquals(log.signatures(), want, "callback timeline");
  }

  /** Asserts no event matching {@code signature} arrives within {@code within}. */
  public static void expectNone(EventLog log, String signature, Duration within)
      throws InterruptedException {
    Optional<CallEvent> event = log.await(signature, within);
    assertTrue(event.isEmpty(), "unexpected " + signature + "; saw " + log.signatures());
  }

  private static void expectQuiet(EventLog log, int count) throws InterruptedException {
    Optional<CallEvent> extra = log.await(e -> log.signatures().size() > count, QUIET);
    if (extra.isPresent()) {
      fail("more callbacks than expected: " + log.signatures());
    }
  }
}
