package io.callfarm.engine.signal;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static io.callfarm.engine.Timeline.expectExactly;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.call.CallEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** A client that vanishes without closing is logged out and leaves its room within the timeout. */
@Test(groups = "integration")
public class HeartbeatIT {
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(1000);
  private EngineHarness farm;

  @BeforeClass
  public void startEngine() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(10),
        ServerConfig.defaults().withHeartbeatTimeout(HEARTBEAT_TIMEOUT));
  }

  @AfterClass(alwaysRun = true)
  public void stopEngine() throws Exception {
    farm.close();
  }

  @Test
  public void silentClientIsLoggedOutAndLeavesItsCall() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    try (RawSocket bob = RawSocket.connect(farm.engine().signallingUri())) {
      bob.send("{\"op\":\"login\",\"id\":1,\"sdkAppId\":" + farm.engine().sdkAppId()
          + ",\"userId\":\"" + b + "\",\"userSig\":\"" + farm.engine().userSig(b, Duration.ofMinutes(1))
          + "\"}");
      bob.expectAck(1);
      alice.client().call(b);
      JsonNode dialing = bob.expect(f -> f.path("op").asText().equals("msg"), "dialing");
      bob.send("{\"op\":\"room.enter\",\"id\":2,\"roomId\":" + dialing.path("data").path("room_id")
          + "}");
      bob.expectAck(2);
      CallEvent entered = expect(alice.log(), "onUserEnter(" + b + ")");
      // bob now goes silent: no pings, no close
      CallEvent left = expect(alice.log(), "onUserLeave(" + b + ")");
      long silentMillis = TimeUnit.NANOSECONDS.toMillis(left.atNanos() - entered.atNanos());
      assertTrue(silentMillis >= HEARTBEAT_TIMEOUT.toMillis() - 50
          && silentMillis <= HEARTBEAT_TIMEOUT.toMillis() + 1000,
          "vanished client removed after " + silentMillis + " ms");
      expectExactly(alice.log(), "onUserEnter(" + b + ")", "onUserLeave(" + b + ")", "onCallEnd");
      JsonNode notice = bob.expectAnonymousError();
      assertEquals(notice.path("code").asInt(), ErrorCode.HEARTBEAT_TIMEOUT.code());
      assertEquals(alice.client().presence(List.of(b)).get(5, TimeUnit.SECONDS).get(b), false);
    }
  }

  @Test
  public void pingingClientStaysOnline() throws Exception {
    String a = user("alice");
    Device alice = farm.login(a);
    String b = user("bob");
    Device bob = farm.login(b);
    long until = System.nanoTime() + HEARTBEAT_TIMEOUT.multipliedBy(3).toNanos();
    while (System.nanoTime() < until) {
      assertEquals(alice.client().presence(List.of(b)).get(5, TimeUnit.SECONDS).get(b), true);
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    expectExactly(bob.log());
  }
}
