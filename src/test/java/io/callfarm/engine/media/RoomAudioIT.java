package io.callfarm.engine.media;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;
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
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Real WebRTC audio in calls through the real signalling server, with the network fabric on every
 * path: what the microphone plays arrives, mute is seen, and injected impairments show up in the
 * standard stats.
 */
@Test(groups = "integration")
public class RoomAudioIT {
  private EngineHarness farm;
  private MediaEngine mediaEngine;
  private NetworkFabric fabric;
  private ScheduledExecutorService sampler;
  private Path recordings;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(10));
    mediaEngine = new MediaEngine();
    fabric = new NetworkFabric(42);
    sampler = Executors.newSingleThreadScheduledExecutor();
    recordings = Scratch.folder("callfarm-audio");
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    farm.close();
    mediaEngine.close();
    fabric.close();
    sampler.shutdownNow();
  }

  private record Phone(AudioCallClient client, EventLog log, WebRtcCallMedia media) {}

  private Phone phone(String userId, MicSource mic) throws Exception {
    WebRtcCallMedia media = new WebRtcCallMedia(new WebRtcCallMedia.Settings(mediaEngine, fabric,
        recordings, sampler, Duration.ofMillis(500)), () -> userId);
    media.setMic(() -> mic);
    EngineHarness.Device device = farm.device(farm.config(), media);
    device.login(farm.engine(), userId);
    return new Phone(device.client(), device.log(), media);
  }

  private static void connect(Phone caller, String callerId, Phone callee, String calleeId)
      throws Exception {
    caller.client().call(calleeId);
    expect(callee.log(), "onInvited(" + callerId + ",[],false)");
    callee.client().accept();
    expect(caller.log(), "onUserEnter(" + calleeId + ")");
    expect(callee.log(), "onUserAudioAvailable(" + callerId + ",true)");
  }

  @Test
  public void toneFromTheCallerArrivesAtTheCallee() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Phone alice = phone(a, MicSource.tone(1000, -20));
    Phone bob = phone(b, MicSource.silence());
    connect(alice, a, bob, b);
    awaitPackets(bob, a, 150);
    alice.client().hangup();
    expect(bob.log(), "onCallEnd");
    MediaCallRecord call = awaitCall(bob);
    PcmAudio heard = Wav.read(call.recordings().get(a));
    PcmAudio lastSecond = heard.slice(heard.length() - 2 * heard.sampleRate(),
        heard.length() - heard.sampleRate() / 2);
    assertEquals(ToneEstimator.dominantFrequencyHz(lastSecond), 1000.0, 5.0, "tone frequency");
    assertEquals(ToneEstimator.levelDbov(lastSecond), -20.0, 3.0, "tone level (Opus, dBov)");
    assertTrue(call.lastStats(a).packetsReceived() > 100, "stats sampled: " + call.lastStats(a));
  }

  @Test
  public void muteSendsSilenceAndIsSeenAsUnavailable() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Phone alice = phone(a, MicSource.tone(800, -20));
    Phone bob = phone(b, MicSource.silence());
    connect(alice, a, bob, b);
    awaitPackets(bob, a, 50);
    alice.client().setMicMute(true);
    CallEvent muted = expect(bob.log(), "onUserAudioAvailable(" + a + ",false)");
    awaitPackets(bob, a, bob.media().currentStats().get(a).packetsReceived() + 100);
    long mutedEnd = System.nanoTime();
    alice.client().setMicMute(false);
    bob.log().await(e -> e.signature().equals("onUserAudioAvailable(" + a + ",true)")
        && e.atNanos() > muted.atNanos(), Duration.ofSeconds(5))
        .orElseThrow(() -> new AssertionError("unmute not seen: " + bob.log().signatures()));
    alice.client().hangup();
    MediaCallRecord call = awaitCall(bob);
    PcmAudio heard = Wav.read(call.recordings().get(a));
    int from = sampleAt(call, heard, muted.atNanos() + TimeUnit.MILLISECONDS.toNanos(300));
    int to = sampleAt(call, heard, mutedEnd - TimeUnit.MILLISECONDS.toNanos(100));
    assertTrue(to - from > heard.sampleRate(), "muted window of at least 1 s");
    assertTrue(ToneEstimator.levelDbov(heard.slice(from, to)) < -60,
        "silence while muted: " + ToneEstimator.levelDbov(heard.slice(from, to)) + " dBov");
  }

  @Test
  public void threePartyCallEveryoneHearsBothOthers() throws Exception {
    String a = user("alice");
    String b = user("bob");
    String c = user("carol");
    Phone alice = phone(a, MicSource.tone(500, -20));
    Phone bob = phone(b, MicSource.tone(900, -20));
    Phone carol = phone(c, MicSource.tone(1400, -20));
    alice.client().groupCall(List.of(b, c), null);
    expect(bob.log(), "onInvited(" + a + ",[" + c + "],false)");
    expect(carol.log(), "onInvited(" + a + ",[" + b + "],false)");
    bob.client().accept();
    carol.client().accept();
    expect(bob.log(), "onUserAudioAvailable(" + c + ",true)");
    expect(carol.log(), "onUserAudioAvailable(" + b + ",true)");
    expect(alice.log(), "onUserAudioAvailable(" + c + ",true)");
    awaitPackets(alice, c, 100);
    awaitPackets(bob, c, 100);
    awaitPackets(carol, b, 100);
    alice.client().hangup();
    bob.client().hangup();
    carol.client().hangup();
    double[][] expected = {{900, 1400}, {500, 1400}, {500, 900}};
    Phone[] phones = {alice, bob, carol};
    String[][] others = {{b, c}, {a, c}, {a, b}};
    for (int i = 0; i < 3; i++) {
      MediaCallRecord call = awaitCall(phones[i]);
      for (int j = 0; j < 2; j++) {
        PcmAudio heard = Wav.read(call.recordings().get(others[i][j]));
        PcmAudio tail = heard.slice(heard.length() - 2 * heard.sampleRate(),
            heard.length() - heard.sampleRate() / 2);
        assertEquals(ToneEstimator.dominantFrequencyHz(tail), expected[i][j], 5.0,
            "device " + i + " hearing " + others[i][j]);
      }
    }
  }

  @Test
  public void injectedLossShowsInPacketsLost() throws Exception {
    String a = user("alice");
    String b = user("bob");
    fabric.setProfile(a, new NetworkFabric.Profile(Impairment.parse("loss=10"), Impairment.NONE));
    Phone alice = phone(a, MicSource.tone(1000, -20));
    Phone bob = phone(b, MicSource.silence());
    connect(alice, a, bob, b);
    awaitPackets(bob, a, 500);
    LinkStats stats = bob.media().currentStats().get(a);
    NetworkFabric.Path path = fabric.paths(a, b).get(0);
    long dropped = path.uplinkCounters().dropped();
    alice.client().hangup();
    double lossShare = (double) stats.packetsLost() / (stats.packetsLost() + stats.packetsReceived());
    System.out.printf("measured: loss share %.3f (lost %d, received %d), relay dropped %d%n", lossShare,
        stats.packetsLost(), stats.packetsReceived(), dropped);
    // 500+ packets at 10 %: binomial sd ~1.3 points; the relay also drops a few RTCP/STUN packets
    assertEquals(lossShare, 0.10, 0.04, "receiver-reported loss " + stats);
    assertTrue(Math.abs(dropped - stats.packetsLost()) <= 0.2 * dropped + 5,
        "relay dropped " + dropped + ", receiver lost " + stats.packetsLost());
  }

  @Test
  public void injectedDelayShowsInRoundTripTime() throws Exception {
    String a = user("alice");
    String b = user("bob");
    fabric.setProfile(a, new NetworkFabric.Profile(Impairment.parse("delay=100"), Impairment.NONE));
    Phone alice = phone(a, MicSource.tone(1000, -20));
    Phone bob = phone(b, MicSource.silence());
    connect(alice, a, bob, b);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    double rtt = -1;
    while (System.nanoTime() < deadline && rtt < 0) {
      LinkStats stats = alice.media().currentStats().get(b);
      if (stats != null && stats.roundTripTimeSeconds().isPresent()) {
        rtt = stats.roundTripTimeSeconds().getAsDouble();
      } else {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
    }
    alice.client().hangup();
    System.out.printf("measured: RTT %.3f s with 100 ms uplink delay%n", rtt);
    assertTrue(rtt >= 0.095 && rtt < 0.2, "RTT with 100 ms one-way delay: " + rtt + " s");
  }

  private static void awaitPackets(Phone phone, String from, long packets) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      LinkStats stats = phone.media().currentStats().get(from);
      if (stats != null && stats.packetsReceived() >= packets) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new AssertionError("fewer than " + packets + " packets from " + from + ": "
        + phone.media().currentStats());
  }

  private static MediaCallRecord awaitCall(Phone phone) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (phone.media().calls().isEmpty() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    assertNotNull(phone.media().calls().isEmpty() ? null : phone.media().calls().get(0),
        "call media closed");
    return phone.media().calls().get(0);
  }

  private static int sampleAt(MediaCallRecord call, PcmAudio audio, long nanos) {
    return (int) ((nanos - call.recordingEpochNanos()) * audio.sampleRate() / 1_000_000_000L);
  }
}
