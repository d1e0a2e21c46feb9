package io.callfarm.farm.browser;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testng.annotations.Test;

/** The parts of a browser session that need no browser: its command line, stats parsing, tones. */
public class BrowserSessionPartsTest {
  /** Executables present on any Linux box, standing in for Chromium and chromedriver. */
  private static final BrowserConfig CONFIG = new BrowserConfig(Path.of("/bin/sh"), Path.of("/bin/sh"),
      null, Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(10), 480, 860);

  @Test
  public void commandLineHasEveryVerifiedFlagAndAFreshProfile() {
    Path profile = Path.of("/tmp/callfarm-chromium-test");
    List<String> args = ChromiumFlags.forSession(CONFIG.withFakeMicrophone(Path.of("/bin/sh")), profile);
    assertTrue(args.containsAll(ChromiumFlags.VERIFIED), args.toString());
    assertTrue(args.contains("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"));
    assertTrue(args.contains("--user-data-dir=" + profile), args.toString());
    assertTrue(args.contains("--use-file-for-fake-audio-capture=/bin/sh"), args.toString());
    assertFalse(ChromiumFlags.forSession(CONFIG, profile).stream()
        .anyMatch(a -> a.startsWith("--use-file-for-fake-audio-capture")));
  }

  @Test(expectedExceptions = IllegalArgumentException.class,
      expectedExceptionsMessageRegExp = ".*apt-get install -y chromium chromium-driver.*")
  public void missingBrowserSaysHowToInstallIt() {
    new BrowserConfig(Path.of("/nonexistent/chromium"), Path.of("/bin/sh"), null,
        Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(10), 480, 860);
  }

  @Test
  public void readsInboundAudioAndRoundTrip() throws Exception {
    String page = "{\"receive\":{\"stats\":[{\"type\":\"candidate-pair\"},{\"type\":\"inbound-rtp\","
        + "\"kind\":\"audio\",\"packetsReceived\":250,\"packetsLost\":3,\"jitter\":0.004,"
        + "\"audioLevel\":0.25,\"concealedSamples\":960,\"totalSamplesReceived\":96000,"
        + "\"jitterBufferDelay\":12.5,\"jitterBufferEmittedCount\":95040}]},\"send\":{\"stats\":[{\"type\":\"remote-inbound-rtp\","
        + "\"kind\":\"audio\",\"roundTripTime\":0.002}]}}";
    InboundAudio a = InboundAudio.of(new ObjectMapper().readTree(page)).orElseThrow();
    assertEquals(a, new InboundAudio(250, 3, 0.004, 0.25, 960, 96000, 12.5, 95040, 0.002));
    assertEquals(a.concealedShare(), 0.01, 1e-9);
    var link = a.toLinkStats("alice");
    assertEquals(link.remoteUserId(), "alice");
    assertEquals(link.concealedShare(), 0.01, 1e-9);
    assertEquals(link.meanJitterBufferDelaySeconds(), 12.5 / 95040, 1e-12);
    assertEquals(link.roundTripTimeSeconds().getAsDouble(), 0.002, 1e-12);
    assertTrue(InboundAudio.of(new ObjectMapper().readTree("{\"send\":{\"stats\":[]}}")).isEmpty());
    InboundAudio early = InboundAudio.of(new ObjectMapper().readTree(
        "{\"receive\":{\"stats\":[{\"type\":\"inbound-rtp\",\"kind\":\"audio\"}]}}")).orElseThrow();
    assertTrue(Double.isNaN(early.roundTripSeconds()));
    assertTrue(early.toLinkStats("alice").roundTripTimeSeconds().isEmpty(), "no RTT before the first report");
  }

  @Test
  public void toneAnalysisFindsTheFrequencyAndLevel() throws Exception {
    Path file = Scratch.file("tone", ".wav");
    try {
      Tones.Pcm tone = Tones.read(java.nio.file.Files.readAllBytes(Tones.writeTone(file, 1000, 0.5)));
      assertEquals(tone.dominantHz(100, 4000, 5), 1000, 5);
      assertEquals(tone.rmsDbfs(), 20 * Math.log10(0.5 / Math.sqrt(2)), 0.1);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
