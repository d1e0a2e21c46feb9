package io.callfarm.engine.call;

import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/** A request's timeout timer goes with its answer: answered requests hold no timers. */
@Test(groups = "integration")
public class RequestTimersIT {

  @Test(timeOut = 60_000)
  public void answeredRequestsLeaveNoTimersBehind() throws Exception {
    try (EngineHarness farm = new EngineHarness(Duration.ofSeconds(5));
         ClientRuntime runtime = ClientRuntime.start(1)) {
      String user = EngineHarness.user("timers");
      AudioCallClient client = new AudioCallClient(farm.config(), runtime, CallMedia.NONE);
      client.setup();
      client.login(farm.engine().sdkAppId(), user,
          farm.engine().userSig(user, Duration.ofMinutes(5))).get(5, TimeUnit.SECONDS);
      int before = runtime.pendingTimers();
      for (int round = 0; round < 20; round++) {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          answers.add(client.presence(List.of(user)));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      }
      int after = runtime.pendingTimers();
      // 2,000 answered requests; without cancelling, each would hold its timer for 10 s
      assertTrue(after <= before + 5, "timers before " + before + ", after 2000 answered requests "
          + after);
      client.destroy();
    }
  }
}
