package io.callfarm.engine.media;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.callfarm.quality.Wav;
import io.callfarm.scratch.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

/** The tapped microphone keeps what it sent on disk, exactly, whatever the length of the call. */
public class TappedMicTest {

  @Test
  public void keepsEverySentSampleInItsFileNotInMemory() throws Exception {
    Path dir = Scratch.folder("callfarm-tap-");
    Path file = dir.resolve("call").resolve("alice-mic.wav");
    TappedMic tap = new TappedMic(MicSource.tone(1000, -20), file);
    short[] frame = new short[MicSource.FRAME_SAMPLES];
    short[] first = null;
    for (int i = 0; i < 6000; i++) { // one minute of talk
      tap.nextFrame(frame);
      if (i == 0) {
        first = frame.clone();
      }
    }
    float[] sent = tap.sentSamples();
    assertEquals(sent.length, 6000 * MicSource.FRAME_SAMPLES);
    for (int i = 0; i < first.length; i++) {
      assertEquals(sent[i], first[i] / 32768f, 1e-6);
    }
    tap.close();
    assertEquals(Wav.read(file).length(), sent.length, "the file stays complete after close");
    assertTrue(Files.size(file) > 5_000_000, "one minute at 48 kHz 16-bit is on disk");
    tap.delete();
    assertFalse(Files.exists(file));
  }

  @Test
  public void itsPaceIsTheClocksEvenWhenTheFramesAreTakenLate() {
    TappedMic tap = new TappedMic(MicSource.silence(), null);
    short[] frame = new short[MicSource.FRAME_SAMPLES];
    double period = 1e9 * MicSource.FRAME_SAMPLES / 47_900.0; // a clock 0.2 % slow
    for (int i = 0; i < 800; i++) {
      // taken as fast as this loop runs, nowhere near the instants they were due: only those count
      tap.nextFrame(frame, Math.round(i * period));
    }
    assertEquals(tap.samplesPerSecond(), 47_900, 0.5, "the due instants' pace");
    tap.delete();
  }

  @Test
  public void awaitingTheFirstFrameEndsWhenOneIsTakenOrAtTheDeadline() throws Exception {
    TappedMic tap = new TappedMic(MicSource.silence(), null);
    long start = System.nanoTime();
    assertFalse(tap.awaitFirstFrame(java.time.Duration.ofMillis(100)), "no frame taken");
    assertTrue(System.nanoTime() - start >= 100_000_000L, "waited until the deadline");
    Thread taker = new Thread(() -> {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      tap.nextFrame(new short[MicSource.FRAME_SAMPLES]);
    });
    taker.start();
    assertTrue(tap.awaitFirstFrame(java.time.Duration.ofSeconds(10)), "a frame taken meanwhile");
    taker.join();
    tap.delete();
  }

  @Test
  public void aTemporaryTapIsDeletedOnRequest() {
    TappedMic tap = new TappedMic(MicSource.silence(), null);
    tap.nextFrame(new short[MicSource.FRAME_SAMPLES]);
    Path file = tap.file();
    assertTrue(Files.exists(file));
    assertEquals(tap.sentSamples().length, MicSource.FRAME_SAMPLES);
    tap.delete();
    assertFalse(Files.exists(file));
  }
}
