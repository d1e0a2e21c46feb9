package io.callfarm.engine.media;

import io.callfarm.scratch.Scratch;
import org.testng.annotations.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

/** The virtual microphones and the WAV helper, in memory (no WebRTC). */
@Test
public class MicSourceTest {

  private static final int SECOND = MicSource.SAMPLE_RATE;

  public void toneHasItsFrequencyAndRmsLevel() {
    short[] pcm = read(MicSource.tone(1000, -20), SECOND);
    assertEquals(Signals.dominantFrequency(pcm, 0, SECOND), 1000.0, 0.5);
    assertEquals(Signals.levelDbov(pcm, 0, SECOND), -20.0, 0.05);
  }

  public void toneStaysWithinOneStepOfTheExactSineForAMinute() {
    MicSource tone = MicSource.tone(997, -6);
    double amplitude = Levels.rmsOf(-6) * Math.sqrt(2);
    short[] frame = new short[MicSource.FRAME_SAMPLES];
    long n = 0;
    int worst = 0;
    for (int f = 0; f < 6000; f++) {
      tone.nextFrame(frame);
      for (short s : frame) {
        int exact = (int) Math.round(amplitude * Math.sin(2 * Math.PI * 997 * (double) n / MicSource.SAMPLE_RATE));
        worst = Math.max(worst, Math.abs(s - exact));
        n++;
      }
    }
    assertTrue(worst <= 1, "a minute of a 997 Hz tone differs from the exact sine by " + worst + " steps");
  }

  public void chirpSweepsFromStartToEnd() {
    short[] pcm = read(MicSource.chirp(300, 3300, 3.0, -20), 3 * SECOND);
    assertEquals(Signals.dominantFrequency(pcm, 0, SECOND / 10), 300.0, 60.0);
    assertEquals(Signals.dominantFrequency(pcm, 3 * SECOND - SECOND / 10, SECOND / 10), 3300.0, 60.0);
    assertEquals(Signals.levelDbov(pcm, 0, 3 * SECOND), -20.0, 0.1);
  }

  public void silenceIsZeros() {
    short[] pcm = read(MicSource.silence(), MicSource.FRAME_SAMPLES);
    for (short s : pcm) {
      assertEquals(s, 0);
    }
  }

  public void wavIsDownmixedResampledAndLoopedOrPadded() throws IOException {
    Path file = Scratch.file("mic-", ".wav");
    try {
      writeStereo44k(file, 600, 0.5);
      short[] once = read(MicSource.wav(file, false), SECOND);
      assertEquals(Signals.dominantFrequency(once, 0, SECOND / 2), 600.0, 2.0);
      assertEquals(Signals.levelDbov(once, SECOND / 2 + 480, SECOND / 2 - 480), Double.NEGATIVE_INFINITY);
      short[] looped = read(MicSource.wav(file, true), SECOND);
      assertEquals(Signals.levelDbov(looped, SECOND / 2 + 480, SECOND / 2 - 960), -20.0, 0.2);
    } finally {
      Files.delete(file);
    }
  }

  public void nonPcmWavIsRefusedWithTheReason() throws IOException {
    Path file = Scratch.file("mic-", ".wav");
    try {
      Files.write(file, "RIFF\0\0\0\0WAVEjunk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      IOException e = org.testng.Assert.expectThrows(IOException.class, () -> MicSource.wav(file, false));
      assertEquals(e.getMessage(), file + ": no 'fmt ' chunk before the audio data");
      assertThrows(IllegalArgumentException.class, () -> MicSource.tone(30_000, -20));
    } finally {
      Files.delete(file);
    }
  }

  public void recordingWriterProducesAReadableFile() throws IOException {
    Path file = Scratch.file("rec-", ".wav");
    try {
      short[] tone = read(MicSource.tone(440, -10), SECOND);
      try (WavFiles.Writer writer = new WavFiles.Writer(file)) {
        writer.writeSilence(SECOND / 2);
        writer.write(tone, 0, tone.length);
      }
      short[] back = WavFiles.readMono48k(file);
      assertEquals(back.length, SECOND + SECOND / 2);
      assertEquals(Signals.levelDbov(back, SECOND / 2, SECOND), -10.0, 0.05);
    } finally {
      Files.delete(file);
    }
  }

  public void volumeScaleMapsMinusSixtyToZeroAndZeroToHundred() {
    assertEquals(Levels.volume(-80), 0);
    assertEquals(Levels.volume(-60), 0);
    assertEquals(Levels.volume(-20), 67);
    assertEquals(Levels.volume(0), 100);
    assertEquals(Levels.volume(Double.NEGATIVE_INFINITY), 0);
  }

  public void onlyIpv4UdpHostCandidatesAreKeptOnLoopback() {
    assertEquals(IceCandidates.toLoopback(
            "candidate:2830584978 1 udp 2113937151 192.0.2.2 39636 typ host generation 0 ufrag h95i"),
        "candidate:2830584978 1 udp 2113937151 127.0.0.1 39636 typ host generation 0 ufrag h95i");
    assertEquals(IceCandidates.toLoopback(
        "candidate:2948931618 1 udp 2113942271 fd00::2 35785 typ host generation 0 ufrag h95i"), null);
    assertEquals(IceCandidates.toLoopback(
        "candidate:1 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active generation 0"), null);
    assertEquals(IceCandidates.toLoopback(
        "candidate:2 1 udp 1686052607 203.0.113.9 40000 typ srflx raddr 192.0.2.2 rport 1"), null);
  }

  private static short[] read(MicSource source, int samples) {
    short[] out = new short[samples];
    short[] frame = new short[MicSource.FRAME_SAMPLES];
    for (int at = 0; at < samples; at += frame.length) {
      source.nextFrame(frame);
      System.arraycopy(frame, 0, out, at, Math.min(frame.length, samples - at));
    }
    return out;
  }

  /** A 44.1 kHz stereo file: the tone at −20 dBov on the left, its copy on the right. */
  private static void writeStereo44k(Path file, double hz, double seconds) throws IOException {
    int rate = 44_100;
    int frames = (int) (rate * seconds);
    double amplitude = Levels.rmsOf(-20) * Math.sqrt(2);
    ByteBuffer b = ByteBuffer.allocate(44 + 4 * frames).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + 4 * frames).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate).putInt(rate * 4)
        .putShort((short) 4).putShort((short) 16);
    b.putInt(0x61746164).putInt(4 * frames);
    for (int i = 0; i < frames; i++) {
      short v = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
      b.putShort(v).putShort(v);
    }
    Files.write(file, b.array());
  }
}
