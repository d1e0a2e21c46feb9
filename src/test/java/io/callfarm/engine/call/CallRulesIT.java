package io.callfarm.engine.call;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.QUIET;
import static io.callfarm.engine.Timeline.expect;
import static io.callfarm.engine.Timeline.expectExactly;
import static io.callfarm.engine.Timeline.expectNone;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.Timeline;
import io.callfarm.engine.store.CallRecord;
import io.callfarm.engine.store.PushRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Every rule of DESIGN §1 as the callback sequence each device observes, with the real engine on
 * loopback and real clients. The invitation timeout is shortened to {@link #TIMEOUT}.
 */
@Test(groups = "integration")
public class CallRulesIT {
  private static final Duration TIMEOUT = Duration.ofMillis(2000);
  private EngineHarness farm;

  @BeforeClass
  public void startEngine() throws Exception {
    farm = new EngineHarness(TIMEOUT);
  }

  @AfterClass(alwaysRun = true)
  public void stopEngine() throws Exception {
    farm.close();
  }

  @Test
  public void oneToOneAcceptedThenCallerHangsUp() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    connect(alice, a, bob, b);
    expect(bob.log(), "onUserEnter(" + a + ")");
    alice.client().hangup();
    expectExactly(bob.log(), "onInvited(" + a + ",[],false)", "onUserEnter(" + a + ")",
        "onUserLeave(" + a + ")", "onCallEnd");
    expectExactly(alice.log(), "onUserEnter(" + b + ")");
    CallRecord record = awaitCallRecord(a);
    assertEquals(record.outcome(), "completed");
    assertEquals(record.participants().get(1).userId(), b);
    assertEquals(record.participants().get(1).outcome(), "connected");
    assertTrue(record.durationMillis() >= 0);
  }

  @Test
  public void rejectEndsTheCallerSide() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    bob.client().reject();
    expectExactly(alice.log(), "onReject(" + b + ")", "onCallEnd");
    expectExactly(bob.log(), "onInvited(" + a + ",[],false)");
    assertEquals(awaitCallRecord(a).outcome(), "rejected");
  }

  @Test
  public void callerCancelReachesTheCallee() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    alice.client().hangup();
    expectExactly(bob.log(), "onInvited(" + a + ",[],false)", "onCallingCancel");
    expectExactly(alice.log());
    assertEquals(awaitCallRecord(a).outcome(), "cancelled");
  }

  @Test
  public void unansweredCallTimesOutOnBothSides() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    alice.client().call(b);
    CallEvent invited = expect(bob.log(), "onInvited(" + a + ",[],false)");
    CallEvent noResp = expect(alice.log(), "onNoResp(" + b + ")");
    CallEvent timedOut = expect(bob.log(), "onCallingTimeOut");
    expectExactly(alice.log(), "onNoResp(" + b + ")", "onCallEnd");
    expectExactly(bob.log(), "onInvited(" + a + ",[],false)", "onCallingTimeOut");
    long ringingMillis = TimeUnit.NANOSECONDS.toMillis(timedOut.atNanos() - invited.atNanos());
    assertTrue(ringingMillis >= TIMEOUT.toMillis() - 100 && ringingMillis < TIMEOUT.toMillis() + 1000,
        "callee rang for " + ringingMillis + " ms, timeout " + TIMEOUT.toMillis());
    assertTrue(noResp.atNanos() > invited.atNanos());
    assertEquals(awaitCallRecord(a).outcome(), "no_answer");
  }

  @Test
  public void busyCalleeRepliesLineBusyAndSeesNothing() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    connect(alice, a, bob, b);
    carol.client().call(b);
    expectExactly(carol.log(), "onLineBusy(" + b + ")", "onCallEnd");
    expectExactly(bob.log(), "onInvited(" + a + ",[],false)", "onUserEnter(" + a + ")");
    bob.client().hangup();
    expectExactly(alice.log(), "onUserEnter(" + b + ")", "onUserLeave(" + b + ")", "onCallEnd");
    assertEquals(awaitCallRecord(c).outcome(), "busy");
  }

  @Test
  public void ringingCalleeIsAlsoBusyForOtherCalls() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    carol.client().call(b);
    expectExactly(carol.log(), "onLineBusy(" + b + ")", "onCallEnd");
    bob.client().reject();
    expectExactly(bob.log(), "onInvited(" + a + ",[],false)");
    expectExactly(alice.log(), "onReject(" + b + ")", "onCallEnd");
  }

  @Test
  public void calleeHangupBeforeAcceptIsAReject() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    bob.client().hangup();
    expectExactly(alice.log(), "onReject(" + b + ")", "onCallEnd");
    expectExactly(bob.log(), "onInvited(" + a + ",[],false)");
  }

  @Test
  public void groupCallWithGroupIdFansOutRejectAndEndsWhenLastRemoteLeaves() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    String g = user("team");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    groupCallRings(alice, a, bob, b, carol, c, g);
    bob.client().accept();
    expect(alice.log(), "onUserEnter(" + b + ")");
    expect(bob.log(), "onUserEnter(" + a + ")");
    carol.client().reject();
    expect(alice.log(), "onReject(" + c + ")");
    expect(bob.log(), "onReject(" + c + ")");
    bob.client().hangup();
    expectExactly(alice.log(), "onUserEnter(" + b + ")", "onReject(" + c + ")",
        "onUserLeave(" + b + ")", "onCallEnd");
    expectExactly(bob.log(), "onInvited(" + a + ",[" + c + "],true)", "onUserEnter(" + a + ")",
        "onReject(" + c + ")");
    expectExactly(carol.log(), "onInvited(" + a + ",[" + b + "],true)");
  }

  @Test
  public void groupCallWithoutGroupIdTellsOnlyTheSponsorOfRejects() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    alice.client().groupCall(List.of(b, c), null);
    expect(bob.log(), "onInvited(" + a + ",[" + c + "],false)");
    expect(carol.log(), "onInvited(" + a + ",[" + b + "],false)");
    bob.client().accept();
    carol.client().reject();
    expect(alice.log(), "onReject(" + c + ")");
    // bob never hears of the reject (C2C goes to the sponsor only): his own timer gives up on carol
    expect(bob.log(), "onNoResp(" + c + ")");
    expectExactly(bob.log(), "onInvited(" + a + ",[" + c + "],false)", "onUserEnter(" + a + ")",
        "onNoResp(" + c + ")");
    alice.client().hangup();
    expectExactly(bob.log(), "onInvited(" + a + ",[" + c + "],false)", "onUserEnter(" + a + ")",
        "onNoResp(" + c + ")", "onUserLeave(" + a + ")", "onCallEnd");
  }

  @Test
  public void groupInviteeTimesOutForEveryParticipant() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    String g = user("team");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    groupCallRings(alice, a, bob, b, carol, c, g);
    bob.client().accept();
    expect(alice.log(), "onNoResp(" + c + ")");
    expect(bob.log(), "onNoResp(" + c + ")");
    expectExactly(carol.log(), "onInvited(" + a + ",[" + b + "],true)", "onCallingTimeOut");
    expectNone(alice.log(), "onCallEnd", QUIET);
  }

  @Test
  public void inviteeAddedMidCallUpdatesTheOthersAndJoins() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    String d = user("dave");
    String g = user("team");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    Device dave = farm.login(d);
    alice.client().createGroup(g, List.of(b, c, d)).get(5, TimeUnit.SECONDS);
    for (Device invitee : List.of(bob, carol, dave)) {
      invitee.client().joinGroup(g).get(5, TimeUnit.SECONDS);
    }
    alice.client().groupCall(List.of(b, c), g);
    expect(bob.log(), "onInvited(" + a + ",[" + c + "],true)");
    expect(carol.log(), "onInvited(" + a + ",[" + b + "],true)");
    bob.client().accept();
    carol.client().accept();
    expect(bob.log(), "onUserEnter(" + c + ")");
    alice.client().groupCall(List.of(d), g);
    expect(dave.log(), "onInvited(" + a + ",[],true)");
    expect(bob.log(), "onGroupCallInviteeListUpdate([" + d + "])");
    expect(carol.log(), "onGroupCallInviteeListUpdate([" + d + "])");
    dave.client().accept();
    expect(alice.log(), "onUserEnter(" + d + ")");
    expect(bob.log(), "onUserEnter(" + d + ")");
    expect(dave.log(), "onUserEnter(" + a + ")");
    carol.client().hangup();
    expect(alice.log(), "onUserLeave(" + c + ")");
    expect(dave.log(), "onUserLeave(" + c + ")");
    expectNone(alice.log(), "onCallEnd", QUIET);
    expectNone(carol.log(), "onCallEnd", QUIET);
  }

  @Test
  public void groupHangupWithNobodyInTheRoomCancelsForEveryone() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    String g = user("team");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    groupCallRings(alice, a, bob, b, carol, c, g);
    alice.client().hangup();
    expect(bob.log(), "onCallingCancel");
    expect(carol.log(), "onCallingCancel");
    expectExactly(alice.log());
  }

  @Test
  public void offlineInviteIsAnsweredAfterLogin() throws Exception {
    String a = user("alice");
    String e = user("erin");
    Device alice = farm.login(a);
    alice.client().call(e);
    // erin logs in only once the server holds the dialing for her (else it would reach her live)
    List<PushRecord> pushes = awaitPushRecords(e);
    Device erin = farm.device();
    erin.login(farm.engine(), e);
    expect(erin.log(), "onInvited(" + a + ",[],false)");
    erin.client().accept();
    expect(alice.log(), "onUserEnter(" + e + ")");
    expect(erin.log(), "onUserEnter(" + a + ")");
    assertEquals(pushes.size(), 1, "one offline push for the dialing");
    assertEquals(pushes.get(0).title(), a + " is calling you");
    assertTrue(pushes.get(0).payload().contains("\"action\":1"), pushes.get(0).payload());
    alice.client().hangup();
    expect(erin.log(), "onCallEnd");
  }

  @Test
  public void offlineInviteOlderThanTheTimeoutIsDropped() throws Exception {
    String a = user("alice");
    String f = user("frank");
    Device alice = farm.login(a);
    alice.client().call(f);
    expectExactly(alice.log(), "onNoResp(" + f + ")", "onCallEnd");
    Device frank = farm.device();
    frank.login(farm.engine(), f);
    expectExactly(frank.log());
  }

  @Test
  public void logoutDuringACallLeavesTheRoom() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    connect(alice, a, bob, b);
    bob.client().logout().get(5, TimeUnit.SECONDS);
    expectExactly(alice.log(), "onUserEnter(" + b + ")", "onUserLeave(" + b + ")", "onCallEnd");
    assertEquals(alice.client().presence(List.of(b)).get(5, TimeUnit.SECONDS).get(b), false);
  }

  @Test
  public void duplicateLoginKicksTheFirstSessionOutOfItsCall() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    connect(alice, a, bob, b);
    Device bobAgain = farm.login(b);
    CallEvent kicked = bob.log().await(ev -> ev.name().equals("onError"), Timeline.PROMPT)
        .orElseThrow(() -> new AssertionError("first session not kicked: " + bob.log().signatures()));
    assertEquals(kicked.args().get(0), "6208");
    expectExactly(alice.log(), "onUserEnter(" + b + ")", "onUserLeave(" + b + ")", "onCallEnd");
    // the new session works: it can be called
    alice.client().call(b);
    expect(bobAgain.log(), "onInvited(" + a + ",[],false)");
    alice.client().hangup();
    expect(bobAgain.log(), "onCallingCancel");
  }

  @Test
  public void secondCallAfterTheFirstEndedWorks() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    for (int round = 0; round < 3; round++) {
      alice.client().call(b);
      expect(bob.log(), "onInvited(" + a + ",[],false)");
      bob.client().accept();
      expect(alice.log(), "onUserEnter(" + b + ")");
      bob.client().hangup();
      expect(alice.log(), "onCallEnd");
      alice.log().clear();
      bob.log().clear();
    }
  }

  /**
   * {@code caller} creates group {@code g} inviting both, they join, and it group-calls them; both
   * ring.
   */
  private static void groupCallRings(Device caller, String callerId, Device first, String firstId,
      Device second, String secondId, String g) throws Exception {
    caller.client().createGroup(g, List.of(firstId, secondId)).get(5, TimeUnit.SECONDS);
    first.client().joinGroup(g).get(5, TimeUnit.SECONDS);
    second.client().joinGroup(g).get(5, TimeUnit.SECONDS);
    caller.client().groupCall(List.of(firstId, secondId), g);
    expect(first.log(), "onInvited(" + callerId + ",[" + secondId + "],true)");
    expect(second.log(), "onInvited(" + callerId + ",[" + firstId + "],true)");
  }

  /** {@code caller} calls {@code callee}, who accepts; returns once the caller saw it enter. */
  private static void connect(Device caller, String callerId, Device callee, String calleeId)
      throws InterruptedException {
    caller.client().call(calleeId);
    expect(callee.log(), "onInvited(" + callerId + ",[],false)");
    callee.client().accept();
    expect(caller.log(), "onUserEnter(" + calleeId + ")");
  }

  private List<PushRecord> awaitPushRecords(String user) {
    long deadline = System.nanoTime() + Timeline.PROMPT.toNanos();
    while (System.nanoTime() < deadline) {
      List<PushRecord> pushes = farm.engine().store().pushRecords(user);
      if (!pushes.isEmpty()) {
        return pushes;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError("no push record for " + user + " within " + Timeline.PROMPT);
  }

  private CallRecord awaitCallRecord(String sponsor) throws InterruptedException {
    long deadline = System.nanoTime() + Timeline.PROMPT.toNanos();
    while (System.nanoTime() < deadline) {
      for (CallRecord record : farm.engine().store().calls(500)) {
        if (record.sponsor().equals(sponsor)) {
          return record;
        }
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError("no call record for sponsor " + sponsor);
  }
}
