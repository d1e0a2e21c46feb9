package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * Outcome accounting of one attempt, driven by callbacks in the orders the component can produce
 * them: each invitation gets exactly one outcome, every user goes back to the idle pool once, and
 * the attempt settles. The components are never logged in (their hangup is a no-op).
 */
public class AttemptTest {
  private ClientRuntime runtime;
  private ScheduledExecutorService timers;
  private OutcomeBook book;
  private IdlePool pool;
  private CallFlow flow;
  private final List<VirtualUser> users = new ArrayList<>();

  @BeforeMethod
  public void setUp() {
    runtime = ClientRuntime.start(1);
    timers = Executors.newSingleThreadScheduledExecutor();
    book = new OutcomeBook();
    pool = new IdlePool(3);
    flow = new CallFlow(new LoadMetrics(), book, timers, Duration.ZERO);
    ClientConfig config = ClientConfig.of(URI.create("ws://127.0.0.1:9/ws"));
    users.clear();
    for (String id : List.of("a", "b", "c")) {
      users.add(new VirtualUser(id, new AudioCallClient(config, runtime, CallMedia.NONE), book, pool));
    }
  }

  @AfterMethod(alwaysRun = true)
  public void tearDown() {
    timers.shutdownNow();
    runtime.close();
  }

  private Attempt place(AnswerMode... answers) {
    List<VirtualUser> callees = users.subList(1, 1 + answers.length);
    Attempt attempt = new Attempt(users.get(0), callees, List.of(answers), flow);
    book.reserved(1 + answers.length);
    book.placed(attempt);
    return attempt;
  }

  private void assertSettled(Map<Outcome, Long> expected) throws InterruptedException {
    assertTrue(book.awaitQuiet(System.nanoTime() + TimeUnit.SECONDS.toNanos(5)),
        "outstanding " + book.outstandingInvitations() + ", reserved " + book.reservedUsers());
    expected.forEach((o, n) -> assertEquals(book.outcomes().get(o), n, o.key()));
    assertEquals(pool.take(1 + (int) expected.values().stream().mapToLong(x -> x).sum()).size(),
        1 + (int) expected.values().stream().mapToLong(x -> x).sum(), "everybody idle again");
  }

  @Test
  public void acceptedCallCompletesWhenTheCalleeSeesTheEnd() throws Exception {
    Attempt a = place(AnswerMode.ACCEPT);
    Invitation inv = a.invitations().get(0);
    a.invited(inv, System.nanoTime());
    a.accepting(inv, System.nanoTime());
    a.userEntered("b", System.nanoTime());
    a.calleeDone(inv); // after the talk timer (0 s) hung up, the callee saw the caller leave
    assertSettled(Map.of(Outcome.COMPLETED, 1L));
  }

  @Test
  public void rejectAndNoAnswerInAGroupCallEachCountOnce() throws Exception {
    Attempt a = place(AnswerMode.REJECT, AnswerMode.NONE);
    Invitation b = a.invitations().get(0);
    Invitation c = a.invitations().get(1);
    a.invited(b, System.nanoTime());
    a.calleeDone(b);
    a.callerSaw("b", Outcome.REJECTED);
    a.callerSaw("b", Outcome.NO_ANSWER); // a second result for b is late, not a second outcome
    a.invited(c, System.nanoTime());
    a.callerSaw("c", Outcome.NO_ANSWER);
    assertEquals(book.reservedUsers(), 1, "c rings until its own timeout");
    a.calleeDone(c);
    assertSettled(Map.of(Outcome.REJECTED, 1L, Outcome.NO_ANSWER, 1L));
    assertEquals(book.lateCallbacks(), 1);
  }

  @Test
  public void callerErrorEndsRingingInvitationsAndReleasesAnUninvitedCallee() throws Exception {
    Attempt a = place(AnswerMode.ACCEPT);
    a.callerFailed();
    assertSettled(Map.of(Outcome.ERROR, 1L));
  }

  @Test
  public void anInvitationWithoutAnyResultStaysOutstanding() throws Exception {
    place(AnswerMode.ACCEPT);
    assertEquals(book.awaitQuiet(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)), false);
    assertEquals(book.outstandingInvitations(), 1, "counted as lost at the drain deadline");
  }
}
