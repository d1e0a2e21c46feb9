package io.callfarm.engine.media;

import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

/**
 * Real WebRTC audio between devices of one JVM over loopback, signalled in memory. Level tolerances: Opus at its
 * default 32 kbit/s reproduces a steady tone within ±3 dB; the earpiece step within ±2 dB.
 */
@Test(groups = "integration")
public class MediaCallIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int SECOND = MicSource.SAMPLE_RATE;

  public void oneToOneToneArrivesWithItsFrequencyAndLevel() throws IOException {
    try (Room room = new Room()) {
      DeviceMedia alice = room.add("alice", MicSource.tone(1000, -20));
      DeviceMedia bob = room.add("bob", MicSource.silence());
      room.connectAll();
      room.log("bob").await("firstAudio", "alice", 0, e -> true, TIMEOUT);
      Room.awaitPlayed(bob, "alice", 2.0, TIMEOUT);
      bob.disconnect("alice");
      long elapsed = System.nanoTime() - bob.recordingEpochNanos();

      short[] pcm = WavFiles.readMono48k(bob.recordingFrom("alice"));
      int from = pcm.length - SECOND - SECOND / 10;
      assertEquals(Signals.dominantFrequency(pcm, from, SECOND), 1000.0, 5.0, "tone frequency at bob");
      assertEquals(Signals.levelDbov(pcm, from, SECOND), -20.0, 3.0, "tone level at bob, dBov");
      assertEquals(pcm.length / (double) SECOND, elapsed / 1e9, 0.25,
          "recording length = real time since the device was created, s");
      alice.close();
    }
  }

  public void muteSendsSilenceAndMakesAudioUnavailable() throws IOException {
    try (Room room = new Room()) {
      DeviceMedia alice = room.add("alice", MicSource.tone(800, -20));
      room.add("bob", MicSource.silence());
      room.connectAll();
      EventLog bob = room.log("bob");
      bob.await("available", "alice", 0, e -> e.value() == 1, TIMEOUT);
      bob.await("volume", "alice", 0, e -> e.value() >= 55, TIMEOUT);

      long muted = System.nanoTime();
      alice.setMicMute(true);
      bob.await("available", "alice", muted, e -> e.value() == 0, TIMEOUT);
      // volume 0 = RMS below -60 dBov over a whole 300 ms report window
      bob.await("volume", "alice", muted, e -> e.value() == 0, TIMEOUT);

      long unmuted = System.nanoTime();
      alice.setMicMute(false);
      bob.await("available", "alice", unmuted, e -> e.value() == 1, TIMEOUT);
      bob.await("volume", "alice", unmuted, e -> e.value() >= 55, TIMEOUT);
    }
  }

  public void threePartyEachHearsBothOthers() throws IOException {
    Map<String, Double> tones = Map.of("ann", 500.0, "ben", 1000.0, "cat", 1500.0);
    try (Room room = new Room()) {
      Map<String, DeviceMedia> devices = new java.util.TreeMap<>();
      tones.forEach((user, hz) -> devices.put(user, room.add(user, MicSource.tone(hz, -20))));
      room.connectAll();
      for (String listener : devices.keySet()) {
        for (String speaker : devices.keySet()) {
          if (!speaker.equals(listener)) {
            room.log(listener).await("firstAudio", speaker, 0, e -> true, TIMEOUT);
          }
        }
      }
      Room.awaitPlayed(devices.get("ann"), "cat", 1.5, TIMEOUT);
      devices.values().forEach(DeviceMedia::close);

      for (String listener : devices.keySet()) {
        for (String speaker : devices.keySet()) {
          if (!speaker.equals(listener)) {
            short[] pcm = WavFiles.readMono48k(devices.get(listener).recordingFrom(speaker));
            int from = pcm.length - SECOND - SECOND / 10;
            assertEquals(Signals.dominantFrequency(pcm, from, SECOND), tones.get(speaker), 5.0,
                listener + " hearing " + speaker);
          }
        }
        Path mixed = devices.get(listener).mixedRecording();
        short[] pcm = WavFiles.readMono48k(mixed);
        assertTrue(pcm.length > SECOND, "mixed recording of " + listener + " has audio");
        double level = Signals.levelDbov(pcm, pcm.length - SECOND - SECOND / 10, SECOND);
        assertEquals(level, -17.0, 3.0, "two -20 dBov tones mixed at " + listener + ", dBov");
      }
    }
  }

  public void statsCountPacketsAndRoundTrip() throws IOException {
    try (Room room = new Room()) {
      room.add("alice", MicSource.tone(1000, -20));
      DeviceMedia bob = room.add("bob", MicSource.tone(700, -20));
      room.connectAll();
      room.log("bob").await("firstAudio", "alice", 0, e -> true, TIMEOUT);
      long first = bob.stats().get("alice").packetsReceived();
      EventLog.Poll.until(() -> bob.stats().get("alice").packetsReceived() > first + 20, TIMEOUT,
          () -> "packetsReceived at bob did not grow from " + first);
      EventLog.Poll.until(() -> bob.stats().get("alice").roundTripTimeSeconds().isPresent(),
          Duration.ofSeconds(15), () -> "no roundTripTime on bob's link to alice: " + bob.stats());
      LinkStats stats = bob.stats().get("alice");
      assertTrue(stats.roundTripTimeSeconds().getAsDouble() < 0.5, "loopback RTT < 0.5 s: " + stats);
      assertTrue(stats.jitterSeconds() >= 0 && stats.jitterSeconds() < 0.1, "jitter in seconds: " + stats);
      assertTrue(stats.totalSamplesReceived() > 0 && stats.jitterBufferEmittedCount() > 0, stats.toString());
      assertTrue(stats.audioLevel() > 0.05 && stats.audioLevel() <= 1, "audioLevel 0..1: " + stats);
    }
  }

  public void earpieceLowersTheRecordedLevel() throws IOException {
    try (Room room = new Room()) {
      room.add("alice", MicSource.tone(1000, -20));
      DeviceMedia bob = room.add("bob", MicSource.silence());
      room.connectAll();
      room.log("bob").await("firstAudio", "alice", 0, e -> true, TIMEOUT);
      Room.awaitPlayed(bob, "alice", 1.5, TIMEOUT);
      long switched = System.nanoTime();
      bob.setHandsFree(false);
      Room.awaitPlayed(bob, "alice", 1.5, TIMEOUT);
      bob.disconnect("alice");

      short[] pcm = WavFiles.readMono48k(bob.recordingFrom("alice"));
      int at = (int) ((switched - bob.recordingEpochNanos()) * SECOND / 1_000_000_000L);
      double loud = Signals.levelDbov(pcm, at - SECOND - SECOND / 5, SECOND);
      double quiet = Signals.levelDbov(pcm, at + SECOND / 5, SECOND);
      assertEquals(quiet - loud, DeviceMedia.EARPIECE_GAIN_DB, 2.0, "earpiece step, dB");
    }
  }

  public void closeLeavesNothingRunning() throws IOException {
    long socketsBefore = openSockets();
    try (Room room = new Room()) {
      room.add("alice", MicSource.tone(1000, -20));
      room.add("bob", MicSource.tone(600, -20));
      room.connectAll();
      room.log("bob").await("firstAudio", "alice", 0, e -> true, TIMEOUT);
      room.log("alice").await("firstAudio", "bob", 0, e -> true, TIMEOUT);
      assertTrue(openSockets() > socketsBefore, "the call opened UDP sockets");
    }
    EventLog.Poll.until(() -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith("callfarm-media")), TIMEOUT,
        () -> "callfarm-media threads still alive");
    EventLog.Poll.until(() -> openSockets() <= socketsBefore, TIMEOUT,
        () -> "UDP sockets still open after close: " + openSockets() + " > " + socketsBefore);
  }

  /**
   * UDP sockets this process holds (Linux {@code /proc}); libwebrtc keeps one process-wide unix socket from its
   * first factory on, which is why only UDP is counted.
   */
  private static long openSockets() {
    try {
      java.util.Set<String> udp = new java.util.HashSet<>();
      for (String table : new String[] {"/proc/self/net/udp", "/proc/self/net/udp6"}) {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && !f[0].equals("sl")) {
            udp.add("socket:[" + f[9] + "]");
          }
        }
      }
      try (var fds = Files.list(Path.of("/proc/self/fd"))) {
        return fds.filter(fd -> {
          try {
            return udp.contains(Files.readSymbolicLink(fd).toString());
          } catch (IOException e) {
            return false;
          }
        }).count();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self: " + e, e);
    }
  }
}
