package io.callfarm.engine.signal;

import static io.callfarm.engine.EngineHarness.user;
import static org.testng.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.EngineHarness;
import java.time.Duration;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * An invitee may accept before the caller's own {@code room.enter} reached the server (load runs
 * found it): the dialing already opened the room, the invitee waits inside, and the caller meets it
 * when its enter arrives — the answer lists the invitee and the invitee is told of the caller.
 */
@Test(groups = "integration")
public class SponsorEntryIT {
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
  public void inviteeEnteringBeforeTheCallerWaitsAndMeetsIt() throws Exception {
    String a = user("alice");
    String b = user("bob");
    long app = farm.engine().sdkAppId();
    int roomId = 424242;
    try (RawSocket alice = RawSocket.connect(farm.engine().signallingUri());
         RawSocket bob = RawSocket.connect(farm.engine().signallingUri())) {
      alice.send(RawSocket.login(1, app, a, farm.engine().userSig(a, Duration.ofMinutes(5))));
      alice.expectAck(1);
      bob.send(RawSocket.login(1, app, b, farm.engine().userSig(b, Duration.ofMinutes(5))));
      bob.expectAck(1);
      alice.send("{\"op\":\"c2c\",\"id\":2,\"to\":\"" + b + "\",\"data\":{\"version\":4,"
          + "\"call_type\":1,\"call_id\":\"c-1\",\"room_id\":" + roomId + ",\"action\":1,"
          + "\"invited_list\":[\"" + b + "\"]}}");
      alice.expectAck(2);
      bob.expect(f -> f.path("op").asText().equals("msg"), "dialing");

      bob.send("{\"op\":\"room.enter\",\"id\":2,\"roomId\":" + roomId + "}");
      JsonNode entered = bob.expectAck(2);
      assertEquals(entered.path("members").size(), 0, "the caller is not inside yet: " + entered);

      alice.send("{\"op\":\"room.enter\",\"id\":3,\"roomId\":" + roomId + "}");
      assertEquals(alice.expectAck(3).path("members").get(0).asText(), b,
          "the caller's answer lists the invitee waiting inside");
      JsonNode event = bob.expect(f -> f.path("op").asText().equals("room.event"), "enter");
      assertEquals(event.path("userId").asText(), a);
      alice.send("{\"op\":\"logout\",\"id\":4}");
      alice.expectAck(4);
      JsonNode left = bob.expect(f -> f.path("op").asText().equals("room.event")
          && f.path("event").asText().equals("leave"), "the caller leaving on logout");
      assertEquals(left.path("userId").asText(), a);
    }
  }

}
