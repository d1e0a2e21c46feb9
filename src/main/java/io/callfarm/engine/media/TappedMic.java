package io.callfarm.engine.media;

import io.callfarm.quality.Wav;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A microphone that keeps what it sent and when, so a receiver's recording can be compared with the true
 * "mouth" signal on one time base (mouth-to-ear delay, MOS). What was sent goes to a WAV file as it is sent
 * (96 KB per second of talk on disk, a constant few KB in memory, however long the call), the file named by
 * the caller (e.g. beside the call's recordings) or a temporary one ({@link #delete()} it after analysis; the
 * JVM removes forgotten ones at exit).
 * Frames are taken by the engine clock thread only; the getters are thread-safe.
 */
public final class TappedMic implements MicSource {
  private final MicSource source;
  private final Path file;
  private final Object lock = new Object();
  private WavFiles.Writer writer;
  private volatile long firstFrameNanos = -1;
  private volatile long frames;
  /**
   * Frames taken over the instants they were due (the clock's pace; the instants they were taken add the clock
   * thread's scheduling delays, which made the first second of a loaded run bias the slope by 20 samples/s);
   * under {@link #lock}.
   */
  private final PaceFit pace = new PaceFit();
  private IOException failure;

  /**
   * @param source what the microphone plays
   * @param file   where the sent audio is kept, or null for a temporary file
   */
  public TappedMic(MicSource source, Path file) {
    this.source = source;
    try {
      boolean temporary = file == null;
      this.file = temporary ? Files.createTempFile("callfarm-mic-", ".wav") : file;
      if (temporary) {
        this.file.toFile().deleteOnExit();
      } else if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      this.writer = new WavFiles.Writer(this.file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the microphone tap " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void nextFrame(short[] frame) {
    nextFrame(frame, System.nanoTime());
  }

  @Override
  public void nextFrame(short[] frame, long dueNanos) {
    long now = System.nanoTime();
    if (firstFrameNanos < 0) {
      firstFrameNanos = now;
    }
    source.nextFrame(frame);
    synchronized (lock) {
      if (writer != null && failure == null) {
        try {
          writer.write(frame, 0, frame.length);
        } catch (IOException e) {
          failure = e;
        }
      }
      pace.add(dueNanos, (double) frames * FRAME_SAMPLES);
    }
    frames++;
  }

  /**
   * Waits until the microphone has taken its first frame (it has left its warm-up, see
   * {@link MediaSettings#micWarmUp()}), at most {@code timeout}; false if it had not by then.
   */
  public boolean awaitFirstFrame(java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (firstFrameNanos < 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    return true;
  }

  /** {@link System#nanoTime()} when the first frame was taken, or -1 before. */
  public long firstFrameNanos() {
    return firstFrameNanos;
  }

  /**
   * The pace the microphone's clock ran at, samples per second of {@link System#nanoTime()} (the engine's
   * microphone clock follows the playout clock, see {@link PlayoutClock}): the slope over the instants the frames
   * were due ({@link PaceFit}); nominal until a second was sent.
   */
  public double samplesPerSecond() {
    synchronized (lock) {
      double rate = pace.samplesPerSecond();
      return pace.readings() < 100 || Double.isNaN(rate) ? SAMPLE_RATE : rate;
    }
  }

  /** The WAV file of everything sent so far ({@value MicSource#SAMPLE_RATE} Hz mono 16-bit). */
  public Path file() {
    return file;
  }

  /**
   * Makes {@link #file()} a valid WAV of everything sent so far (it is one after {@link #close()} anyway).
   *
   * @throws UncheckedIOException if the tap could not be written
   */
  public void flush() {
    synchronized (lock) {
      if (failure != null) {
        throw new UncheckedIOException("the microphone tap " + file + " failed: " + failure.getMessage(), failure);
      }
      if (writer != null) {
        try {
          writer.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot flush the microphone tap " + file, e);
        }
      }
    }
  }

  /**
   * Everything sent so far, {@value MicSource#SAMPLE_RATE} Hz mono, as floats in [-1, 1].
   *
   * @throws UncheckedIOException if the tap could not be written or read
   */
  public float[] sentSamples() {
    flush();
    return frames == 0 ? new float[0] : Wav.read(file).samples();
  }

  /** Stops writing (the microphone is done); the file stays readable. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (writer == null) {
        return;
      }
      try {
        writer.close();
      } catch (IOException e) {
        failure = e;
      }
      writer = null;
    }
  }

  /** Closes and deletes the file, once it has been analysed. */
  public void delete() {
    close();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the microphone tap " + file, e);
    }
  }
}
