package io.callfarm.engine.media;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.net.Impairment;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.ToneEstimator;
import io.callfarm.quality.Wav;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A call whose media link is dropped completely (100 % loss, both directions, through the Java link
 * emulator) for 5 s and then restored: the documented outcome is that the call survives (signalling
 * is untouched, so no {@code onUserLeave}/{@code onCallEnd}), audio stops while the link is down and
 * comes back by itself once it returns. The recovery time is measured.
 */
@Test(groups = "integration")
public class LinkDropIT {
  private static final Duration OUTAGE = Duration.ofSeconds(5);
  private EngineHarness farm;
  private MediaEngine mediaEngine;
  private NetworkFabric fabric;
  private ScheduledExecutorService sampler;
  private Path recordings;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(10));
    mediaEngine = new MediaEngine();
    fabric = new NetworkFabric(7);
    sampler = Executors.newSingleThreadScheduledExecutor();
    recordings = Scratch.folder("callfarm-linkdrop");
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    farm.close();
    mediaEngine.close();
    fabric.close();
    sampler.shutdownNow();
  }

  private record Phone(AudioCallClient client, EventLog log, WebRtcCallMedia media) {}

  @Test(timeOut = 90_000)
  public void aFiveSecondOutageIsSurvivedAndAudioReturns() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Phone alice = phone(a, MicSource.tone(1000, -20));
    Phone bob = phone(b, MicSource.tone(600, -20));
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    bob.client().accept();
    expect(bob.log(), "onUserAudioAvailable(" + a + ",true)");
    awaitPackets(bob, a, 100);
    awaitPackets(alice, b, 100);

    NetworkFabric.Profile down = new NetworkFabric.Profile(Impairment.parse("loss=100"),
        Impairment.parse("loss=100"));
    fabric.setProfile(b, down);
    long droppedAt = System.nanoTime();
    long beforeAtBob = packets(bob, a);
    LockSupport.parkNanos(OUTAGE.toNanos()); // the outage itself: the scenario, not a wait
    long duringAtBob = packets(bob, a) - beforeAtBob;
    fabric.setProfile(b, NetworkFabric.Profile.GOOD);
    long restoredAt = System.nanoTime();

    long resumedAtBob = awaitMorePackets(bob, a, packets(bob, a) + 1); // the first packet back
    long resumedAtAlice = awaitMorePackets(alice, b, packets(alice, b) + 1);
    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // two seconds of audio after the return
    List<String> bobSaw = bob.log().signatures();
    List<String> aliceSaw = alice.log().signatures();
    alice.client().hangup();
    expect(bob.log(), "onCallEnd");

    System.out.printf("link drop: %d packets reached bob during the 5 s outage; audio back at bob "
            + "%d ms and at alice %d ms after the link returned; bob saw %s%n", duringAtBob,
        TimeUnit.NANOSECONDS.toMillis(resumedAtBob - restoredAt),
        TimeUnit.NANOSECONDS.toMillis(resumedAtAlice - restoredAt), bobSaw);
    assertTrue(duringAtBob <= 5, "the link was down, yet " + duringAtBob + " packets arrived");
    for (List<String> saw : List.of(bobSaw, aliceSaw)) {
      assertTrue(saw.stream().noneMatch(s -> s.startsWith("onUserLeave") || s.equals("onCallEnd")
          || s.startsWith("onError")), "the call must survive the outage: " + saw);
    }
    MediaCallRecord call = awaitCall(bob);
    PcmAudio heard = Wav.read(call.recordings().get(a));
    int outageFrom = sampleAt(call, heard, droppedAt + TimeUnit.MILLISECONDS.toNanos(500));
    int outageTo = sampleAt(call, heard, restoredAt - TimeUnit.MILLISECONDS.toNanos(200));
    double outageLevel = ToneEstimator.levelDbov(heard.slice(outageFrom, outageTo));
    int backFrom = sampleAt(call, heard, resumedAtBob + TimeUnit.MILLISECONDS.toNanos(300));
    PcmAudio back = heard.slice(backFrom, Math.min(heard.length(), backFrom + heard.sampleRate()));
    System.out.printf("link drop: level during the outage %.1f dBov, after %.1f dBov at %.0f Hz%n",
        outageLevel, ToneEstimator.levelDbov(back), ToneEstimator.dominantFrequencyHz(back));
    assertTrue(outageLevel < -40, "no tone while the link was down: " + outageLevel + " dBov");
    assertEquals(ToneEstimator.dominantFrequencyHz(back), 1000.0, 5.0, "alice's tone is back");
    assertEquals(ToneEstimator.levelDbov(back), -20.0, 3.0, "at its level (Opus, dBov)");
  }

  private Phone phone(String userId, MicSource mic) throws Exception {
    WebRtcCallMedia media = new WebRtcCallMedia(new WebRtcCallMedia.Settings(mediaEngine, fabric,
        recordings, sampler, Duration.ofMillis(500)), () -> userId);
    media.setMic(() -> mic);
    EngineHarness.Device device = farm.device(farm.config(), media);
    device.login(farm.engine(), userId);
    return new Phone(device.client(), device.log(), media);
  }

  private static long packets(Phone phone, String from) {
    LinkStats stats = phone.media().currentStats().get(from);
    return stats == null ? 0 : stats.packetsReceived();
  }

  private static void awaitPackets(Phone phone, String from, long packets) {
    awaitMorePackets(phone, from, packets);
  }

  /** Waits until {@code packets} were received; returns when (System.nanoTime). */
  private static long awaitMorePackets(Phone phone, String from, long packets) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (packets(phone, from) >= packets) {
        return System.nanoTime();
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new AssertionError("fewer than " + packets + " packets from " + from + ": "
        + phone.media().currentStats());
  }

  private static MediaCallRecord awaitCall(Phone phone) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (phone.media().calls().isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    return phone.media().calls().get(0);
  }

  private static int sampleAt(MediaCallRecord call, PcmAudio audio, long nanos) {
    return (int) ((nanos - call.recordingEpochNanos()) * audio.sampleRate() / 1_000_000_000L);
  }
}
