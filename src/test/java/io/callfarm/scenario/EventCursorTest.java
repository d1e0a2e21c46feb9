package io.callfarm.scenario;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.EventLog;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.testng.annotations.Test;

/**
 * Expectations consume what they match: a repeated callback must happen again to satisfy a repeated expectation,
 * events an expectation skipped stay behind the cursor, and absence looks only at what happened after its step
 * started. The log grows on another thread, as a device's does.
 */
public class EventCursorTest {

  @Test
  public void aRepeatedCallbackIsWaitedForAgain() throws Exception {
    EventLog log = new EventLog();
    EventCursor bob = cursor(log);
    call(log);
    CallEvent firstEnd = bob.expect(List.of("onCallEnd"), false, deadline(1000), 1000).get(0);
    assertSame(firstEnd, log.events().get(3));

    // the second call's events arrive while the second expectation waits
    CompletableFuture<CallEvent> secondEnd = CompletableFuture.supplyAsync(() -> {
      pause(200);
      call(log);
      return log.events().get(7);
    });
    CallEvent matched = bob.expect(List.of("onCallEnd"), false, deadline(5000), 5000).get(0);
    assertSame(matched, secondEnd.get(5, TimeUnit.SECONDS), "the second expectation took the second call's end");
    assertEquals(bob.position(), 8);
  }

  @Test
  public void aRepeatedExpectationWithoutANewEventFails() throws Exception {
    EventLog log = new EventLog();
    EventCursor bob = cursor(log);
    call(log);
    bob.expect(List.of("onInvited(alice,[],false)", "onCallEnd"), false, deadline(1000), 1000);
    AssertionError e = expectThrows(AssertionError.class,
        () -> bob.expect(List.of("onCallEnd"), false, deadline(300), 300));
    assertEquals(e.getMessage(), "bob did not see onCallEnd within 300 ms; after its last matched callback "
        + "(onCallEnd, #4) it saw []; before that [onInvited(alice,[],false), onUserEnter(alice), "
        + "onUserLeave(alice), onCallEnd]");
  }

  @Test
  public void eventsAnExpectationSkippedStayBehindTheCursor() throws Exception {
    EventLog log = new EventLog();
    EventCursor alice = cursor(log);
    append(log, "onUserEnter", "bob");
    append(log, "onUserEnter", "carol");
    alice.expect(List.of("onUserEnter(carol)"), false, deadline(500), 500);
    AssertionError e = expectThrows(AssertionError.class,
        () -> alice.expect(List.of("onUserEnter(bob)"), false, deadline(200), 200));
    assertTrue(e.getMessage().startsWith("bob did not see onUserEnter(bob) within 200 ms"), e.getMessage());
  }

  @Test
  public void aListMatchesInOrderUnlessAnyOrderIsAsked() throws Exception {
    EventLog log = new EventLog();
    append(log, "onUserEnter", "carol");
    append(log, "onUserEnter", "bob");
    EventCursor ordered = cursor(log);
    AssertionError e = expectThrows(AssertionError.class, () -> ordered.expect(
        List.of("onUserEnter(bob)", "onUserEnter(carol)"), false, deadline(200), 200));
    assertTrue(e.getMessage().contains("did not see onUserEnter(carol) (of [onUserEnter(bob), onUserEnter(carol)]"
        + " in order)"), e.getMessage());

    EventCursor any = cursor(log);
    List<CallEvent> matched = any.expect(List.of("onUserEnter(bob)", "onUserEnter(carol)"), true, deadline(200),
        200);
    assertEquals(matched.stream().map(CallEvent::signature).toList(),
        List.of("onUserEnter(bob)", "onUserEnter(carol)"));
    assertEquals(any.position(), 2, "the cursor moves past the later of the two");
    assertTrue(any.matched(log.events().get(0)) && any.matched(log.events().get(1)));
  }

  @Test
  public void anyOrderNeedsDistinctEvents() {
    EventLog log = new EventLog();
    append(log, "onUserEnter", "bob");
    EventCursor alice = cursor(log);
    expectThrows(AssertionError.class, () -> alice.expect(List.of("onUserEnter(bob)", "onUserEnter(bob)"), true,
        deadline(200), 200));
  }

  @Test
  public void absenceLooksOnlyAfterItsStepStarted() throws Exception {
    EventLog log = new EventLog();
    EventCursor alice = cursor(log);
    append(log, "onCallEnd");
    long start = System.nanoTime();
    alice.absent("onCallEnd", start, start + TimeUnit.MILLISECONDS.toNanos(200));

    long again = System.nanoTime();
    CompletableFuture.runAsync(() -> {
      pause(100);
      append(log, "onCallEnd");
    });
    AssertionError e = expectThrows(AssertionError.class,
        () -> alice.absent("onCallEnd", again, again + TimeUnit.SECONDS.toNanos(5)));
    assertTrue(e.getMessage().startsWith("bob saw onCallEnd although it must not"), e.getMessage());
    assertTrue(System.nanoTime() - again < TimeUnit.SECONDS.toNanos(4), "fails as soon as it happens");
  }

  @Test
  public void exactlyComparesTheWholeTimelineAndConsumesIt() throws Exception {
    EventLog log = new EventLog();
    EventCursor bob = cursor(log);
    call(log);
    bob.exactly(List.of("onInvited(alice,[],false)", "onUserEnter(alice)", "onUserLeave(alice)", "onCallEnd"), 50);
    assertEquals(bob.position(), 4);
    append(log, "onError", "60010", "lost");
    AssertionError e = expectThrows(AssertionError.class, () -> bob.exactly(List.of(), 50));
    assertTrue(e.getMessage().startsWith("bob saw [onInvited(alice,[],false)"), e.getMessage());
  }

  @Test
  public void aLostDeviceFailsAWaitAtOnce() {
    EventLog log = new EventLog();
    AtomicReference<String> lost = new AtomicReference<>();
    EventCursor bob = new EventCursor("bob", log, CallEvent::signature, () -> Optional.ofNullable(lost.get()));
    CompletableFuture.runAsync(() -> {
      pause(150);
      lost.set("alice: device host crashed (exit 137, last log lines: x)");
    });
    long start = System.nanoTime();
    AssertionError e = expectThrows(AssertionError.class,
        () -> bob.expect(List.of("onCallEnd"), false, deadline(20_000), 20_000));
    assertEquals(e.getMessage(), "alice: device host crashed (exit 137, last log lines: x)");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "not the 20 s of the expectation");
  }

  private static EventCursor cursor(EventLog log) {
    return new EventCursor("bob", log, CallEvent::signature, Optional::empty);
  }

  /** One answered call as the callee sees it. */
  private static void call(EventLog log) {
    append(log, "onInvited", "alice", "[]", "false");
    append(log, "onUserEnter", "alice");
    append(log, "onUserLeave", "alice");
    append(log, "onCallEnd");
  }

  private static void append(EventLog log, String name, String... args) {
    log.append(new CallEvent(name, List.of(args), System.nanoTime(), System.currentTimeMillis()));
  }

  private static long deadline(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
