package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.testng.annotations.Test;

/** The Opus parameters a receiver writes into its answer, on SDP as libwebrtc writes it. */
@Test
public class OpusSettingsTest {

  private static final String ANSWER = String.join("\r\n",
      "v=0",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
      "a=recvonly",
      "a=rtpmap:111 opus/48000/2",
      "a=rtcp-fb:111 transport-cc",
      "a=fmtp:111 minptime=10;useinbandfec=1",
      "a=rtpmap:63 red/48000/2",
      "a=fmtp:63 111/111",
      "") ;

  public void parametersAreSetOnTheOpusLineOnlyAndOthersKept() {
    String out = new OpusSettings(60, 24_000, true).applyTo(ANSWER);
    assertTrue(out.contains("\r\na=fmtp:111 minptime=10;useinbandfec=1;ptime=60;maxaveragebitrate=24000;usedtx=1\r\n"),
        out);
    assertTrue(out.contains("\r\na=fmtp:63 111/111\r\n"), out);
    assertEquals(out.replace(";ptime=60;maxaveragebitrate=24000;usedtx=1", ""), ANSWER);
  }

  public void existingValuesAreReplacedNotDuplicated() {
    String once = new OpusSettings(40, 20_000, true).applyTo(ANSWER);
    String twice = new OpusSettings(60, 32_000, false).applyTo(once);
    assertTrue(twice.contains("a=fmtp:111 minptime=10;useinbandfec=1;ptime=60;maxaveragebitrate=32000;usedtx=0\r\n"),
        twice);
  }

  public void aMissingFormatLineIsAddedAfterTheCodec() {
    String bare = ANSWER.replace("a=fmtp:111 minptime=10;useinbandfec=1\r\n", "");
    String out = new OpusSettings(20, 48_000, false).applyTo(bare);
    assertTrue(out.contains("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 ptime=20;maxaveragebitrate=48000;usedtx=0\r\n"),
        out);
  }

  public void defaultsAndSdpWithoutOpusAreLeftAlone() {
    assertEquals(OpusSettings.DEFAULTS.applyTo(ANSWER), ANSWER);
    String pcmu = "v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    assertEquals(new OpusSettings(60, 24_000, true).applyTo(pcmu), pcmu);
  }

  public void outOfRangeValuesAreRefusedWithTheRange() {
    assertEquals(expectThrows(IllegalArgumentException.class, () -> new OpusSettings(30, 32_000, false))
        .getMessage(), "Opus ptime must be 10, 20, 40 or 60 ms, got 30");
    assertEquals(expectThrows(IllegalArgumentException.class, () -> new OpusSettings(20, 5_999, false))
        .getMessage(), "Opus maxaveragebitrate must be 6000..510000 bit/s, got 5999");
    assertEquals(expectThrows(IllegalArgumentException.class,
        () -> MediaSettings.defaults().withReceiveSides(0)).getMessage(), "receive sides must be 1..16, got 0");
  }
}
