package io.callfarm.engine.store;

import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/** Groups, offline messages with their pushes, and call records survive an engine restart. */
@Test(groups = "integration")
public class EngineRestartIT {

  @Test
  public void stateSurvivesRestart() throws Exception {
    Path db = Scratch.folder("callfarm-restart").resolve("engine.db");
    String a = EngineHarness.user("alice");
    String b = EngineHarness.user("bob");
    String e = EngineHarness.user("erin");
    String g = EngineHarness.user("team");
    try (ClientRuntime runtime = ClientRuntime.start(2)) {
      try (Engine engine = Engine.start(EngineConfig.defaults(db))) {
        EventLog aliceLog = new EventLog();
        AudioCallClient alice = login(engine, runtime, a, aliceLog);
        EventLog bobLog = new EventLog();
        AudioCallClient bob = login(engine, runtime, b, bobLog);
        alice.createGroup(g, List.of(b, e)).get(5, TimeUnit.SECONDS);
        bob.joinGroup(g).get(5, TimeUnit.SECONDS);
        alice.call(b);
        expect(bobLog, "onInvited(" + a + ",[],false)");
        bob.reject();
        expect(aliceLog, "onCallEnd");
        alice.call(e); // erin is offline: stored with a push record
        engine.store().flush();
        alice.destroy();
        bob.destroy();
      }
      try (Engine engine = Engine.start(EngineConfig.defaults(db))) {
        assertTrue(engine.store().calls(10).stream().anyMatch(
            c -> c.sponsor().equals(a) && c.outcome().equals("rejected")), "call record kept");
        // alice's destroy() cancelled the call: dialing and cancel both wait for erin
        List<PushRecord> pushes = engine.store().pushRecords(e);
        assertEquals(pushes.size(), 2, "push records kept: " + pushes);
        assertEquals(pushes.get(0).title(), a + " is calling you");
        EventLog erinLog = new EventLog();
        AudioCallClient erin = login(engine, runtime, e, erinLog);
        io.callfarm.engine.Timeline.expectExactly(erinLog, "onInvited(" + a + ",[],false)",
            "onCallingCancel");
        EventLog bobLog = new EventLog();
        AudioCallClient bob = login(engine, runtime, b, bobLog);
        erin.joinGroup(g).get(5, TimeUnit.SECONDS); // her invitation survived the restart too
        erin.groupCall(List.of(b), g); // the group is still there with its members
        expect(bobLog, "onInvited(" + e + ",[],true)");
        bob.reject();
        erin.destroy();
        bob.destroy();
      }
    }
  }

  private static AudioCallClient login(Engine engine, ClientRuntime runtime, String user,
      EventLog log) throws Exception {
    AudioCallClient client = new AudioCallClient(ClientConfig.of(engine.signallingUri()), runtime,
        CallMedia.NONE);
    client.setDelegate(log);
    client.setup();
    client.login(engine.sdkAppId(), user, engine.userSig(user, Duration.ofMinutes(5)))
        .get(5, TimeUnit.SECONDS);
    return client;
  }
}
