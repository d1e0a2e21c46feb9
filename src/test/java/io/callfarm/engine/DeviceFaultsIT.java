package io.callfarm.engine;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.signal.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A device that dies ({@code kill -9}) or freezes ({@code SIGSTOP}) in the middle of a call: the
 * others see it leave ({@code onUserLeave}, then {@code onCallEnd}) within the heartbeat bound
 * ({@link ServerConfig#heartbeatBound()}: the heartbeat timeout plus one reaper period). The device
 * runs in its own JVM, so the kill and the freeze are real.
 */
@Test(groups = "integration")
public class DeviceFaultsIT {
  private static final Duration HEARTBEAT = Duration.ofMillis(1000);
  /** Loopback delivery and scheduling on a busy 2-core machine, on top of the bound itself. */
  private static final Duration DELIVERY_MARGIN = Duration.ofMillis(250);
  private EngineHarness farm;
  private ServerConfig server;

  @BeforeClass
  public void startEngine() throws Exception {
    server = ServerConfig.defaults().withHeartbeatTimeout(HEARTBEAT);
    farm = new EngineHarness(Duration.ofSeconds(10), server);
  }

  @AfterClass(alwaysRun = true)
  public void stopEngine() throws Exception {
    farm.close();
  }

  @Test(timeOut = 60_000)
  public void aKilledDeviceLeavesTheCallAtOnce() throws Exception {
    String a = user("alice");
    String d = user("doomed");
    Device alice = farm.login(a);
    try (ChildJvm device = startDevice(d)) {
      CallEvent entered = connect(alice, a, d);
      long killedAt = System.nanoTime();
      device.kill();
      CallEvent left = expect(alice.log(), "onUserLeave(" + d + ")");
      expect(alice.log(), "onCallEnd");
      long millis = TimeUnit.NANOSECONDS.toMillis(left.atNanos() - killedAt);
      System.out.printf("killed device: onUserLeave %d ms after kill -9 (bound %d ms)%n", millis,
          server.heartbeatBound().toMillis());
      assertTrue(millis <= server.heartbeatBound().plus(DELIVERY_MARGIN).toMillis(),
          "onUserLeave " + millis + " ms after the kill");
      assertTrue(left.atNanos() > entered.atNanos());
    }
  }

  @Test(timeOut = 60_000)
  public void aFrozenDeviceLeavesTheCallWithinTheHeartbeatBound() throws Exception {
    String a = user("alice");
    String f = user("frozen");
    Device alice = farm.login(a);
    try (ChildJvm device = startDevice(f)) {
      connect(alice, a, f);
      long frozenAt = System.nanoTime();
      device.freeze();
      Optional<CallEvent> left = alice.log().await("onUserLeave(" + f + ")",
          server.heartbeatBound().plus(Duration.ofSeconds(5)));
      assertTrue(left.isPresent(), "a frozen device never left: " + alice.log().signatures());
      long millis = TimeUnit.NANOSECONDS.toMillis(left.get().atNanos() - frozenAt);
      System.out.printf("frozen device: onUserLeave %d ms after SIGSTOP (heartbeat %d ms, bound %d"
          + " ms)%n", millis, HEARTBEAT.toMillis(), server.heartbeatBound().toMillis());
      expect(alice.log(), "onCallEnd");
      // the device pinged every 300 ms until frozen: it cannot be declared gone much earlier
      assertTrue(millis >= HEARTBEAT.toMillis() - 300, "gone after " + millis + " ms: too early");
      assertTrue(millis <= server.heartbeatBound().plus(DELIVERY_MARGIN).toMillis(),
          "onUserLeave " + millis + " ms after the freeze; bound " + server.heartbeatBound());
    }
  }

  private ChildJvm startDevice(String userId) throws Exception {
    Path log = farm.dir().resolve(userId + ".log");
    ChildJvm device = ChildJvm.start(DeviceMain.class, List.of(
        farm.engine().signallingUri().toString(), String.valueOf(farm.engine().sdkAppId()), userId,
        farm.engine().userSig(userId, Duration.ofMinutes(10)), "300"), Map.of(), log);
    device.await(Pattern.compile("device ready"), Duration.ofSeconds(20));
    return device;
  }

  private static CallEvent connect(Device caller, String callerId, String deviceId)
      throws InterruptedException {
    caller.client().call(deviceId);
    return expect(caller.log(), "onUserEnter(" + deviceId + ")");
  }
}
