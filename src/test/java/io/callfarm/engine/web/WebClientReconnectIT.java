package io.callfarm.engine.web;

import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.farm.browser.BrowserConfig;
import io.callfarm.farm.browser.BrowserSession;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * The web client follows the same reconnection rule as the Java component (EngineCrashIT): the
 * engine goes away mid-call and comes back on the same address; the page reports
 * {@code onError(60010, ...)} and {@code onCallEnd} (in that order, unless the stopping engine
 * still announced the other party's leave first), reconnects and logs in again by itself, and can
 * be called again — with nobody clicking anything.
 */
@Test(groups = "integration", timeOut = 90_000)
public class WebClientReconnectIT {
  private static final Duration PROMPT = Duration.ofSeconds(10);

  @Test
  public void thePageReconnectsAfterTheEngineRestartsAndEndsTheCallItWasIn() throws Exception {
    Path dir = Scratch.folder("callfarm-web-reconnect");
    EngineConfig config = EngineConfig.defaults(dir.resolve("engine.db"));
    String a = EngineHarness.user("alice");
    String b = EngineHarness.user("webbob");
    Engine engine = Engine.start(config);
    try (ClientRuntime runtime = ClientRuntime.start(1);
         BrowserSession bob = BrowserSession.open(engine.webUri(), BrowserConfig.defaults()
             .withInvitationTimeout(Duration.ofSeconds(10)))) {
      bob.login(b);
      EventLog aliceLog = new EventLog();
      AudioCallClient alice = new AudioCallClient(ClientConfig.of(engine.signallingUri()),
          runtime, CallMedia.NONE);
      alice.setDelegate(aliceLog);
      alice.setup();
      alice.login(engine.sdkAppId(), a, engine.userSig(a, Duration.ofMinutes(10)))
          .get(10, TimeUnit.SECONDS);
      alice.call(b);
      bob.expect("onInvited(" + a + ",[],false)", PROMPT);
      bob.accept();
      expect(aliceLog, "onUserEnter(" + b + ")");

      int port = engine.signallingUri().getPort();
      engine.close(); // the engine goes away mid-call
      CallEvent lost = bob.await(e -> e.name().equals("onError"), PROMPT)
          .orElseThrow(() -> new AssertionError("no error at the page: " + bob.signatures()));
      assertEquals(lost.args().get(0), "60010", lost.toString());
      bob.expect("onCallEnd", PROMPT);
      expect(aliceLog, "onCallEnd");

      engine = Engine.start(config.withServer(config.server().withPort(port)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!alice.isLoggedIn().get(5, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
      // the page logs in again by itself (backoff up to 8 s); an invitation sent before it is
      // back waits in the store and rings it at its login
      int before = bob.signatures().size();
      alice.call(b);
      bob.await(e -> e.signature().equals("onInvited(" + a + ",[],false)")
          && bob.signatures().size() > before, Duration.ofSeconds(20))
          .orElseThrow(() -> new AssertionError("not called after the restart: " + bob.signatures()));
      // a graceful stop may tell bob that alice left (onUserLeave, onCallEnd) before his own
      // connection goes (onError 60010); a crash gives onError then onCallEnd: either way both
      List<String> afterCrash = bob.signatures().subList(before - 2, bob.signatures().size());
      assertTrue(afterCrash.stream().anyMatch(e -> e.startsWith("onError(60010"))
          && afterCrash.contains("onCallEnd"), afterCrash.toString());
      bob.reject();
      expect(aliceLog, "onReject(" + b + ")");
      alice.destroy();
    } finally {
      engine.close();
    }
  }
}
