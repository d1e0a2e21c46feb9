package io.callfarm.engine.call;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.Timeline;
import io.callfarm.engine.signal.ServerConfig;
import java.time.Duration;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Optional room permission: with it on, {@code room.enter} needs the privateMapKey the app backend
 * made with tls-sig-api-v2's genPrivateMapKey for that user and room.
 */
@Test(groups = "integration")
public class RoomPermissionIT {
  private EngineHarness farm;

  @BeforeClass
  public void startEngine() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(5), ServerConfig.defaults().withRoomPermission(true));
  }

  @AfterClass(alwaysRun = true)
  public void stopEngine() throws Exception {
    farm.close();
  }

  @Test
  public void withTheRoomsKeysTheCallConnects() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    AudioCallClient.RoomKeys keys = (userId, roomId) -> {
      try {
        return farm.engine().roomKey(userId, roomId, Duration.ofMinutes(10));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    alice.client().setRoomKeys(keys);
    bob.client().setRoomKeys(keys);
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    bob.client().accept();
    expect(alice.log(), "onUserEnter(" + b + ")");
    alice.client().hangup();
    expect(bob.log(), "onCallEnd");
  }

  @Test
  public void withoutAKeyOrWithAnotherRoomsKeyEntryIsRefused() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    alice.client().call(b); // no keys at all
    CallEvent refused = alice.log().await(e -> e.name().equals("onError"), Timeline.PROMPT)
        .orElseThrow(() -> new AssertionError("entered without a key: " + alice.log().signatures()));
    assertEquals(refused.args().get(0), "60022", refused.toString());
    alice.log().clear();
    alice.client().setRoomKeys((userId, roomId) -> {
      try {
        return farm.engine().roomKey(userId, roomId + 1, Duration.ofMinutes(10));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    alice.client().call(b);
    CallEvent wrongRoom = alice.log().await(e -> e.name().equals("onError"), Timeline.PROMPT)
        .orElseThrow(() -> new AssertionError("entered with another room's key: "
            + alice.log().signatures()));
    assertEquals(wrongRoom.args().get(0), "60022", wrongRoom.toString());
    assertTrue(wrongRoom.args().get(1).contains("is for room"), wrongRoom.toString());
  }
}
