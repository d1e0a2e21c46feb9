package io.callfarm.engine.signal;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static io.callfarm.engine.Timeline.expectExactly;
import static io.callfarm.engine.Timeline.expectNone;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.Timeline;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.CallException;
import io.callfarm.engine.store.CallRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Who may use a group and who may change a call record: group squatting fails (a taken id is an
 * error the Java component surfaces, the squatter never hears the real group's call), members join
 * only by their own consent, and only a call's participants change its record.
 */
@Test(groups = "integration")
public class GroupsAndRecordsIT {
  private EngineHarness farm;

  @BeforeClass
  public void startEngine() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(5));
  }

  @AfterClass(alwaysRun = true)
  public void stopEngine() throws Exception {
    farm.close();
  }

  @Test
  public void aSquattedGroupIdIsAnErrorAndTheSquatterHearsNothing() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String e = user("eve");
    String team = user("team");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    Device eve = farm.login(e);
    eve.client().createGroup(team, List.of(a, b)).get(5, TimeUnit.SECONDS); // first, as a squatter

    ExecutionException taken = expectThrows(ExecutionException.class,
        () -> alice.client().createGroup(team, List.of(b)).get(5, TimeUnit.SECONDS));
    CallException cause = (CallException) taken.getCause();
    assertEquals(cause.code(), ErrorCode.GROUP_EXISTS.code());
    assertTrue(cause.getMessage().contains("owner '" + e + "'"), cause.getMessage());

    // calling into it anyway: alice is only invited, not a member, so the server refuses the send
    alice.client().groupCall(List.of(b), team);
    CallEvent refused = alice.log().await(ev -> ev.name().equals("onError"), Timeline.PROMPT)
        .orElseThrow(() -> new AssertionError("no error: " + alice.log().signatures()));
    assertEquals(refused.args().get(0), String.valueOf(ErrorCode.NO_PERMISSION.code()));
    expectNone(bob.log(), "onInvited(" + a + ",[],true)", Timeline.QUIET);
    expectExactly(eve.log());

    // the squatter's own group reaches only those who joined it: nobody yet
    eve.client().groupCall(List.of(a, b), team);
    expectNone(bob.log(), "onInvited(" + e + ",[" + a + "],true)", Timeline.QUIET);
    eve.client().hangup();

    // membership is asked of members only
    try (RawSocket raw = RawSocket.connect(farm.engine().signallingUri())) {
      raw.send(RawSocket.login(1, farm.engine().sdkAppId(), a,
          farm.engine().userSig(a, Duration.ofMinutes(5))));
      raw.expectAck(1);
      raw.send("{\"op\":\"group.members\",\"id\":2,\"groupId\":\"" + team + "\"}");
      JsonNode notMember = raw.expectError(2);
      assertEquals(notMember.path("code").asInt(), ErrorCode.NO_PERMISSION.code());
      assertTrue(notMember.path("message").asText().contains("join it first"), notMember.toString());
      raw.send("{\"op\":\"group.invite\",\"id\":3,\"groupId\":\"" + team + "\",\"members\":[\"x1\"]}");
      assertEquals(raw.expectError(3).path("code").asInt(), ErrorCode.NO_PERMISSION.code(),
          "only the owner invites");
    }
  }

  @Test
  public void membersJoinOnlyByTheirOwnConsent() throws Exception {
    String o = user("owner");
    String b = user("bob");
    String c = user("carol");
    String g = user("club");
    Device owner = farm.login(o);
    Device bob = farm.login(b);
    Device carol = farm.login(c);
    owner.client().createGroup(g, List.of(b)).get(5, TimeUnit.SECONDS);
    ExecutionException uninvited = expectThrows(ExecutionException.class,
        () -> carol.client().joinGroup(g).get(5, TimeUnit.SECONDS));
    assertEquals(((CallException) uninvited.getCause()).code(), ErrorCode.NO_PERMISSION.code());

    owner.client().groupCall(List.of(b), g);
    expectNone(bob.log(), "onInvited(" + o + ",[],true)", Timeline.QUIET);
    owner.client().hangup();

    bob.client().joinGroup(g).get(5, TimeUnit.SECONDS); // consent
    owner.client().groupCall(List.of(b), g);
    expect(bob.log(), "onInvited(" + o + ",[],true)");
    bob.client().accept();
    expect(owner.log(), "onUserEnter(" + b + ")");
    owner.client().hangup();
    expect(bob.log(), "onCallEnd");
  }

  @Test
  public void onlyTheCallsParticipantsChangeItsRecord() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String e = user("eve");
    long app = farm.engine().sdkAppId();
    try (RawSocket alice = RawSocket.connect(farm.engine().signallingUri());
         RawSocket bob = RawSocket.connect(farm.engine().signallingUri());
         RawSocket eve = RawSocket.connect(farm.engine().signallingUri())) {
      for (Object[] who : new Object[][] {{alice, a}, {bob, b}, {eve, e}}) {
        RawSocket socket = (RawSocket) who[0];
        socket.send(RawSocket.login(1, app, (String) who[1],
            farm.engine().userSig((String) who[1], Duration.ofMinutes(5))));
        socket.expectAck(1);
      }
      String callId = "rec-" + a;
      int roomId = 777_000 + Math.abs(a.hashCode() % 1000);
      alice.send(v4(2, b, callId, roomId, 1, b));
      alice.expectAck(2);
      alice.send("{\"op\":\"room.enter\",\"id\":3,\"roomId\":" + roomId + "}");
      alice.expectAck(3);
      // eve (no participant) cancels it and declares bob timed out; bob fakes a sponsor timeout
      eve.send(v4(2, b, callId, roomId, 2, b));
      eve.expectAck(2);
      eve.send(v4(3, b, callId, roomId, 4, b));
      eve.expectAck(3);
      bob.send(v4(2, a, callId, roomId, 4, b));
      bob.expectAck(2);
      bob.send(v4(3, a, callId, roomId, 3, b)); // bob's own reject: this one counts
      bob.expectAck(3);
      alice.send("{\"op\":\"room.leave\",\"id\":4,\"roomId\":" + roomId + "}");
      alice.expectAck(4);
    }
    CallRecord record = awaitRecord("rec-" + a);
    assertEquals(record.outcome(), "rejected", record.toString());
    assertEquals(record.participants().stream().filter(p -> p.userId().equals(b)).findFirst()
        .orElseThrow().outcome(), "rejected");
  }

  private static String v4(int id, String to, String callId, int roomId, int action, String invited) {
    return "{\"op\":\"c2c\",\"id\":" + id + ",\"to\":\"" + to + "\",\"data\":{\"version\":4,"
        + "\"call_type\":1,\"call_id\":\"" + callId + "\",\"room_id\":" + roomId + ",\"action\":"
        + action + ",\"invited_list\":[\"" + invited + "\"]}}";
  }

  private CallRecord awaitRecord(String callId) throws InterruptedException {
    long deadline = System.nanoTime() + Timeline.PROMPT.toNanos();
    while (System.nanoTime() < deadline) {
      farm.engine().store().flush();
      var record = farm.engine().store().call(callId);
      if (record.isPresent()) {
        return record.get();
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError("no record of call " + callId);
  }
}
