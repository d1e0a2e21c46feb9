package io.callfarm.cli;

import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.farm.Farm;
import io.callfarm.farm.FarmConfig;
import io.callfarm.farm.Lease;
import io.callfarm.farm.MicSpec;
import io.callfarm.farm.Device;
import io.callfarm.farm.FarmException;
import io.callfarm.farm.HeardAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code callfarm demo}: starts the engine, logs in three virtual users and runs a 1v1 call and
 * 3-party group calls (accept, reject, timeout), then prints each device's callback timeline. Exits
 * non-zero when a device did not see what the protocol promises.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a 1v1 and 3-party group calls on the embedded engine and print timelines, "
        + "then a call with real audio (recordings and stats).")
final class DemoCommand implements Callable<Integer> {
  /** How much longer than the invitation timeout a device may take to see a callback. */
  private static final Duration MARGIN = Duration.ofSeconds(10);
  /** The longest --timeout, ms: ten minutes of ringing is beyond any real invitation timeout (30 s). */
  static final long MAX_TIMEOUT_MILLIS = 600_000;

  @Option(names = "--timeout", defaultValue = "3000",
      description = "invitation timeout in ms for the demo's devices, 1.." + MAX_TIMEOUT_MILLIS
          + " (default: ${DEFAULT-VALUE}); each wait for a callback is this plus 10 s")
  long timeoutMillis;

  private final List<String> failures = new ArrayList<>();
  private long startNanos;

  @Override
  public Integer call() throws Exception {
    if (timeoutMillis < 1 || timeoutMillis > MAX_TIMEOUT_MILLIS) {
      return new Refusal("invalid_argument", "--timeout must be 1.." + MAX_TIMEOUT_MILLIS + " ms, got "
          + timeoutMillis).print(System.err);
    }
    Path dir = Files.createDirectories(Path.of("reports", "demo"));
    Files.deleteIfExists(dir.resolve("engine.db"));
    try (Engine engine = Engine.start(EngineConfig.defaults(dir.resolve("engine.db")));
         ClientRuntime runtime = ClientRuntime.start(2)) {
      System.out.println("engine: " + engine.signallingUri() + " (database " + dir.resolve("engine.db")
          + ")");
      ClientConfig config = ClientConfig.of(engine.signallingUri())
          .withInvitationTimeout(Duration.ofMillis(timeoutMillis));
      Map<String, EventLog> logs = new LinkedHashMap<>();
      Map<String, AudioCallClient> devices = new LinkedHashMap<>();
      for (String user : List.of("alice", "bob", "carol")) {
        EventLog log = new EventLog();
        AudioCallClient client = new AudioCallClient(config, runtime, CallMedia.NONE);
        client.setDelegate(log);
        client.setup();
        client.login(engine.sdkAppId(), user, engine.userSig(user, Duration.ofHours(1)))
            .get(10, TimeUnit.SECONDS);
        logs.put(user, log);
        devices.put(user, client);
      }
      AudioCallClient alice = devices.get("alice");
      AudioCallClient bob = devices.get("bob");
      AudioCallClient carol = devices.get("carol");

      scene("1v1: alice calls bob, bob accepts, alice hangs up", logs);
      alice.call("bob");
      await(logs, "bob", "onInvited(alice,[],false)");
      bob.accept();
      await(logs, "alice", "onUserEnter(bob)");
      alice.hangup();
      await(logs, "bob", "onCallEnd");
      print(logs);

      scene("group: alice calls bob and carol in group 'team'; bob accepts, carol rejects", logs);
      alice.createGroup("team", List.of("bob", "carol")).get(10, TimeUnit.SECONDS);
      bob.joinGroup("team").get(10, TimeUnit.SECONDS); // invitees join by their own consent
      carol.joinGroup("team").get(10, TimeUnit.SECONDS);
      alice.groupCall(List.of("bob", "carol"), "team");
      await(logs, "bob", "onInvited(alice,[carol],true)"); // two invitations: each ringing before its answer
      await(logs, "carol", "onInvited(alice,[bob],true)");
      bob.accept();
      await(logs, "alice", "onUserEnter(bob)");
      carol.reject();
      await(logs, "bob", "onReject(carol)");
      bob.hangup();
      await(logs, "alice", "onCallEnd");
      print(logs);

      scene("group: alice calls bob and carol; bob accepts, carol lets it ring out ("
          + timeoutMillis + " ms)", logs);
      alice.groupCall(List.of("bob", "carol"), "team");
      await(logs, "bob", "onInvited(alice,[carol],true)");
      bob.accept();
      await(logs, "carol", "onCallingTimeOut");
      await(logs, "alice", "onNoResp(carol)");
      await(logs, "bob", "onNoResp(carol)");
      alice.hangup();
      await(logs, "bob", "onCallEnd");
      print(logs);

      for (AudioCallClient device : devices.values()) {
        device.destroy();
      }
      speechCall(engine, dir);
      engine.store().flush();
      System.out.println("call records: " + engine.store().calls(10).size() + " stored in "
          + engine.store().file());
    }
    if (!failures.isEmpty()) {
      System.out.println("DEMO FAILED:");
      failures.forEach(f -> System.out.println("  " + f));
      return 1;
    }
    System.out.println("demo passed: every device saw the callbacks the protocol promises");
    return 0;
  }

  /** Real audio: dave's microphone plays recorded speech to erin over WebRTC; erin records it. */
  private void speechCall(Engine engine, Path dir) throws Exception {
    MicSpec mic = MicSpec.parse("speech:cmu_arctic_us_aew_a0001");
    System.out.println();
    System.out.println("== audio: dave calls erin; dave's microphone plays " + mic + " for 4 s");
    try (Farm farm = new Farm(FarmConfig.virtualOnly(2), engine, true, dir.resolve("calls"));
         Lease lease = farm.lease("virtual", 2, Duration.ofMillis(timeoutMillis), waitLimit(), true)) {
      Device dave = lease.devices().get(0);
      Device erin = lease.devices().get(1);
      dave.setMic(mic);
      dave.login("dave");
      erin.login("erin");
      dave.call("erin");
      await(Map.of("erin", erin.events()), "erin", "onInvited(dave,[],false)");
      erin.accept();
      await(Map.of("erin", erin.events()), "erin", "onUserAudioAvailable(dave,true)");
      if (!dave.awaitTalking(Duration.ofSeconds(8))) { // silent until erin's jitter buffer settled
        failures.add("dave's microphone was still silent (warm-up) 8 s after erin heard him connect");
      }
      erin.events().await(e -> false, Duration.ofSeconds(4));
      dave.hangup();
      await(Map.of("erin", erin.events()), "erin", "onCallEnd");
      HeardAudio heard;
      try {
        heard = erin.heard("dave", waitLimit());
      } catch (FarmException e) {
        failures.add("erin's recording of dave: " + e.getMessage());
        return;
      }
      System.out.println("  erin's recording of dave: " + heard.wav());
      System.out.println("  dave's microphone, as sent: " + dave.sent().wav());
      LinkStats stats = heard.stats().orElse(null);
      if (stats != null) {
        System.out.printf("  stats (inbound-rtp from dave): packetsReceived=%d packetsLost=%d jitter=%.1f ms"
            + " concealed=%.2f%% jitterBufferDelay=%.0f ms rtt=%s%n", stats.packetsReceived(),
            stats.packetsLost(), stats.jitterSeconds() * 1000, stats.concealedShare() * 100,
            stats.meanJitterBufferDelaySeconds() * 1000,
            stats.roundTripTimeSeconds().isPresent()
                ? String.format("%.1f ms", stats.roundTripTimeSeconds().getAsDouble() * 1000) : "n/a");
      } else {
        failures.add("no stats sampled for dave's audio at erin");
      }
    }
  }

  /** How long to wait for a callback: the invitation timeout may pass first (a call that rings out). */
  private Duration waitLimit() {
    return Duration.ofMillis(timeoutMillis).plus(MARGIN);
  }

  private void scene(String title, Map<String, EventLog> logs) {
    logs.values().forEach(EventLog::clear);
    startNanos = System.nanoTime();
    System.out.println();
    System.out.println("== " + title);
  }

  private void await(Map<String, EventLog> logs, String user, String signature)
      throws InterruptedException {
    if (logs.get(user).await(signature, waitLimit()).isEmpty()) {
      failures.add(user + " never saw " + signature + " (saw " + logs.get(user).signatures() + ")");
    }
  }

  private void print(Map<String, EventLog> logs) {
    for (Map.Entry<String, EventLog> entry : logs.entrySet()) {
      System.out.println("  " + entry.getKey() + ":");
      List<CallEvent> events = entry.getValue().events();
      if (events.isEmpty()) {
        System.out.println("      (no callbacks)");
      }
      for (CallEvent event : events) {
        System.out.printf("    +%5d ms  %s%n",
            TimeUnit.NANOSECONDS.toMillis(event.atNanos() - startNanos), event.signature());
      }
    }
  }
}
