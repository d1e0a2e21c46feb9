package io.callfarm.engine.media;

import static org.testng.Assert.assertTrue;

import java.time.Duration;
import org.testng.annotations.Test;

/**
 * The known native abort of webrtc-java 0.14.0 (RaceChecker in audio_send_stream: pushing PCM into a
 * CustomAudioSource while a sending stream is added, on a factory with a headless device module)
 * cannot happen with our arrangement: send connections come from the kDummyAudio factory. This test
 * provokes exactly that pattern — sending streams added and removed over and over while every mic
 * pushes every 10 ms — and the JVM survives it (an abort would kill this fork and fail the build).
 */
@Test(groups = "integration")
public class SendPathSafetyIT {

  @Test
  public void sendingStreamsComeAndGoWhileMicrophonesPush() throws Exception {
    try (Room room = new Room()) {
      DeviceMedia a = room.add("a", MicSource.tone(440, -20));
      DeviceMedia b = room.add("b", MicSource.tone(880, -20));
      DeviceMedia c = room.add("c", MicSource.chirp(200, 2000, 1, -20));
      for (int cycle = 0; cycle < 12; cycle++) {
        room.connectAll();
        Room.awaitPlayed(b, "a", 0.1, Duration.ofSeconds(10));
        a.disconnect("b");
        b.disconnect("a");
        a.disconnect("c");
        c.disconnect("a");
        b.disconnect("c");
        c.disconnect("b");
      }
      room.connectAll();
      Room.awaitPlayed(c, "b", 0.3, Duration.ofSeconds(10));
      assertTrue(Room.played(c, "b") > 0, "audio still flows after 12 connect/disconnect cycles");
    }
  }
}
