package io.callfarm.engine.signal;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Hostile and broken frames: each gets an error frame with its own code, the connection stays usable,
 * and other users keep calling.
 */
@Test(groups = "integration")
public class BadInputIT {
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
  public void malformedFramesGetErrorsAndTheConnectionSurvives() throws Exception {
    try (RawSocket raw = RawSocket.connect(farm.engine().signallingUri())) {
      raw.send("{not json");
      assertEquals(raw.expectAnonymousError().path("code").asInt(), 60001);
      raw.send("[1,2,3]");
      assertEquals(raw.expectAnonymousError().path("code").asInt(), 60001);
      raw.send("{\"id\":1}");
      assertEquals(raw.expectError(1).path("code").asInt(), 6017, "missing op");
      raw.send("{\"op\":\"teleport\",\"id\":2}");
      assertEquals(raw.expectError(2).path("code").asInt(), 60002);
      raw.send("{\"op\":\"c2c\",\"id\":3,\"to\":\"bob\",\"data\":{}}");
      assertEquals(raw.expectError(3).path("code").asInt(), 6014, "before login");
      raw.send("{\"op\":\"login\",\"id\":4,\"sdkAppId\":\"abc\",\"userId\":\"x\",\"userSig\":\"y\"}");
      JsonNode typeError = raw.expectError(4);
      assertEquals(typeError.path("code").asInt(), 6017);
      assertTrue(typeError.path("message").asText().contains("sdkAppId"), typeError.toString());
      raw.expectAlive(5);
      raw.sendBinary(new byte[] {0x7b, 0x22, 0x6f, 0x70, 0x22, 0x3a}); // '{"op":' as bytes
      assertEquals(raw.expectAnonymousError().path("code").asInt(), 60003, "a binary frame");
      raw.expectAlive(6);
    }
  }

  @Test
  public void loginRefusalsHaveDistinctCodes() throws Exception {
    long app = farm.engine().sdkAppId();
    String sig = farm.engine().userSig("alice", Duration.ofMinutes(5));
    try (RawSocket raw = RawSocket.connect(farm.engine().signallingUri())) {
      raw.send(RawSocket.login(6, app + 1, "alice", sig));
      assertEquals(raw.expectError(6).path("code").asInt(), 70020, "unknown app");
      raw.send(RawSocket.login(7, app, "bob", sig));
      assertEquals(raw.expectError(7).path("code").asInt(), 70013, "wrong user");
      raw.send(RawSocket.login(8, app, "al ice", sig));
      assertEquals(raw.expectError(8).path("code").asInt(), 70107, "invalid user id");
      raw.send(RawSocket.login(9, app, "alice", sig.substring(0, sig.length() / 2)));
      int truncated = raw.expectError(9).path("code").asInt();
      assertTrue(truncated == 70003 || truncated == 70005, "truncated sig code " + truncated);
      raw.send(RawSocket.login(10, app, "alice", ""));
      assertEquals(raw.expectError(10).path("code").asInt(), 70002, "empty sig");
      raw.send(RawSocket.login(11, app, "alice", sig));
      assertEquals(raw.expectAck(11).path("userId").asText(), "alice");
    }
  }

  @Test
  public void oversizedFramesAreRefusedWithoutHurtingOthers() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    try (RawSocket raw = RawSocket.connect(farm.engine().signallingUri())) {
      raw.send("{\"op\":\"ping\",\"id\":12,\"pad\":\"" + "x".repeat(70_000) + "\"}");
      assertEquals(raw.expectError(12).path("code").asInt(), 60004);
      raw.expectAlive(13);
      raw.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(300_000) + "\"}");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (raw.isOpen() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertEquals(raw.closeCode(), 1009, "frames over the hard limit close with 'message too big'");
    }
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    bob.client().accept();
    expect(alice.log(), "onUserEnter(" + b + ")");
    alice.client().hangup();
    expect(bob.log(), "onCallEnd");
  }

  @Test
  public void impersonationAndUninvitedRoomEntryAreRefused() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String m = user("mallory");
    Device alice = farm.login(a);
    long app = farm.engine().sdkAppId();
    try (RawSocket bob = RawSocket.connect(farm.engine().signallingUri());
         RawSocket mallory = RawSocket.connect(farm.engine().signallingUri())) {
      bob.send(RawSocket.login(1, app, b, farm.engine().userSig(b, Duration.ofMinutes(5))));
      bob.expectAck(1);
      mallory.send(RawSocket.login(1, app, m, farm.engine().userSig(m, Duration.ofMinutes(5))));
      mallory.expectAck(1);
      mallory.send("{\"op\":\"c2c\",\"id\":2,\"from\":\"" + a + "\",\"to\":\"" + b
          + "\",\"data\":{\"text\":\"hi\"}}");
      assertEquals(mallory.expectError(2).path("code").asInt(), 10007, "sending as another user");

      alice.client().call(b);
      JsonNode dialing = bob.expect(f -> f.path("op").asText().equals("msg"), "dialing");
      int roomId = dialing.path("data").path("room_id").asInt();
      assertEquals(dialing.path("data").path("action").asInt(), 1);
      assertEquals(dialing.path("from").asText(), a, "the server stamps the sender");

      mallory.send("{\"op\":\"room.enter\",\"id\":3,\"roomId\":" + roomId + "}");
      assertEquals(mallory.expectError(3).path("code").asInt(), 10007, "uninvited room entry");
      mallory.send("{\"op\":\"media\",\"id\":4,\"to\":\"" + a + "\",\"roomId\":" + roomId
          + ",\"data\":{}}");
      assertEquals(mallory.expectError(4).path("code").asInt(), 10007, "media outside the room");
      mallory.send("{\"op\":\"room.enter\",\"id\":5,\"roomId\":-4}");
      assertEquals(mallory.expectError(5).path("code").asInt(), 6017, "bad room id");

      bob.send("{\"op\":\"room.enter\",\"id\":2,\"roomId\":" + roomId + "}");
      JsonNode entered = bob.expectAck(2);
      if (entered.path("members").isEmpty()) {
        // bob was quicker than alice's own room.enter: he waits inside and is told when she comes
        JsonNode event = bob.expect(f -> f.path("op").asText().equals("room.event"), "alice enters");
        assertEquals(event.path("userId").asText(), a);
      } else {
        assertEquals(entered.path("members").get(0).asText(), a);
      }
      expect(alice.log(), "onUserEnter(" + b + ")");
      mallory.expectAlive(6);
    }
    expect(alice.log(), "onCallEnd");
  }

  @Test
  public void wrongVersionAndVideoCallsAreIgnoredByTheComponent() throws Exception {
    String b = user("bob");
    String s = user("sender");
    Device bob = farm.login(b);
    long app = farm.engine().sdkAppId();
    try (RawSocket sender = RawSocket.connect(farm.engine().signallingUri())) {
      sender.send(RawSocket.login(1, app, s, farm.engine().userSig(s, Duration.ofMinutes(5))));
      sender.expectAck(1);
      sender.send(dialing(2, b, 3, 1));
      sender.expectAck(2);
      sender.send(dialing(3, b, 4, 2));
      sender.expectAck(3);
      sender.send("{\"op\":\"c2c\",\"id\":4,\"to\":\"" + b + "\",\"data\":{\"version\":\"4\"}}");
      sender.expectAck(4);
      io.callfarm.engine.Timeline.expectNone(bob.log(), "onInvited(" + s + ",[],false)",
          io.callfarm.engine.Timeline.QUIET);
      sender.send(dialing(5, b, 4, 1));
      expect(bob.log(), "onInvited(" + s + ",[],false)");
    }
  }

  private static String dialing(int id, String to, int version, int callType) {
    return "{\"op\":\"c2c\",\"id\":" + id + ",\"to\":\"" + to + "\",\"data\":{\"version\":" + version
        + ",\"call_type\":" + callType + ",\"call_id\":\"c" + id + "\",\"room_id\":" + (1000 + id)
        + ",\"action\":1,\"invited_list\":[\"" + to + "\"]}}";
  }

}
