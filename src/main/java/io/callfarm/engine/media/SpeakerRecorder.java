package io.callfarm.engine.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one device hears, on disk: {@code <dir>/<local>-from-<remote>.wav} per remote and
 * {@code <dir>/<local>-mixed.wav}, 48 kHz mono 16-bit PCM. All files share one timeline whose sample 0 is the
 * device's creation instant ({@link DeviceMedia#recordingEpochNanos()}): each connection's first frame is placed at
 * its wall-clock position (silence before it); after that the file follows the playout clock sample by sample
 * (which is also the microphones' clock, see {@link PlayoutClock}), and only a real stall — no audio pulled for
 * more than {@value #MAX_LAG_MS} ms — is filled with silence for its length. Per-remote files are streamed and valid
 * after each disconnect; the mixed file (sum of the per-remote files, saturated) is written by {@link #close()}.
 * With no directory, nothing is recorded.
 */
final class SpeakerRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpeakerRecorder.class);
  static final int MAX_LAG_MS = 100;
  private static final long MAX_LAG_SAMPLES = MicSource.SAMPLE_RATE * MAX_LAG_MS / 1000;

  private final Path dir;
  private final String local;
  private final long epochNanos;
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();

  SpeakerRecorder(Path dir, String local, long epochNanos) {
    this.dir = dir;
    this.local = local;
    this.epochNanos = epochNanos;
    if (dir != null) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot create recording directory " + dir + ": " + e, e);
      }
    }
  }

  /** The recording of {@code remote}, created (empty) on first use. */
  Track track(String remote) {
    return tracks.computeIfAbsent(remote, r -> new Track(fileFrom(r)));
  }

  /** Path of the recording of {@code remote}, or {@code null} when not recording. */
  Path fileFrom(String remote) {
    return dir == null ? null : dir.resolve(local + "-from-" + remote + ".wav");
  }

  /** Path of the mixed recording, or {@code null} when not recording. */
  Path mixedFile() {
    return dir == null ? null : dir.resolve(local + "-mixed.wav");
  }

  /** Closes every per-remote file and writes the mixed one. */
  @Override
  public void close() {
    List<Path> files = new ArrayList<>();
    for (Track track : tracks.values()) {
      track.close();
      if (track.file != null && track.ok) {
        files.add(track.file);
      }
    }
    if (dir != null) {
      try {
        mix(files, mixedFile());
      } catch (IOException e) {
        LOG.warn("{}: writing the mixed recording {} failed: {}", local, mixedFile(), e.toString());
      }
    }
  }

  private static void mix(List<Path> inputs, Path output) throws IOException {
    int chunk = MicSource.SAMPLE_RATE;
    List<FileChannel> channels = new ArrayList<>();
    try (WavFiles.Writer out = new WavFiles.Writer(output)) {
      for (Path input : inputs) {
        channels.add(FileChannel.open(input, StandardOpenOption.READ));
      }
      long longest = 0;
      for (FileChannel channel : channels) {
        longest = Math.max(longest, (channel.size() - WavFiles.dataOffset()) / 2);
      }
      int[] sum = new int[chunk];
      short[] mixed = new short[chunk];
      ByteBuffer buffer = ByteBuffer.allocate(2 * chunk).order(ByteOrder.LITTLE_ENDIAN);
      for (long at = 0; at < longest; at += chunk) {
        int n = (int) Math.min(chunk, longest - at);
        java.util.Arrays.fill(sum, 0);
        for (FileChannel channel : channels) {
          buffer.clear().limit(2 * n);
          long position = WavFiles.dataOffset() + 2 * at;
          while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // keep reading until the chunk is full or the file ends
          }
          buffer.flip();
          for (int i = 0; buffer.remaining() >= 2; i++) {
            sum[i] += buffer.getShort();
          }
        }
        for (int i = 0; i < n; i++) {
          mixed[i] = (short) Math.max(-32768, Math.min(32767, sum[i]));
        }
        out.write(mixed, 0, n);
      }
    } finally {
      for (FileChannel channel : channels) {
        channel.close();
      }
    }
  }

  /** One remote's recording; every method is synchronised (playout thread writes, signal thread flushes). */
  final class Track {

    private final Path file;
    private WavFiles.Writer writer;
    private boolean align = true;
    private boolean ok = true;
    private long lastWriteNanos;

    private Track(Path file) {
      this.file = file;
      if (file != null) {
        try {
          writer = new WavFiles.Writer(file);
        } catch (IOException e) {
          fail(e);
        }
      }
    }

    /** The next frame starts a new connection: place it at its wall-clock position. */
    synchronized void startSegment() {
      align = true;
    }

    /** Appends {@code count} samples that were decoded at {@code nowNanos} ({@link System#nanoTime()}). */
    synchronized void write(short[] pcm, int count, long nowNanos) {
      if (writer == null) {
        return;
      }
      try {
        if (align) {
          long wallPosition = (nowNanos - epochNanos) * MicSource.SAMPLE_RATE / 1_000_000_000L;
          long behind = wallPosition - count - writer.samples();
          if (behind > 0) {
            writer.writeSilence(behind);
          }
        } else {
          long stalled = (nowNanos - lastWriteNanos) * MicSource.SAMPLE_RATE / 1_000_000_000L - count;
          if (stalled > MAX_LAG_SAMPLES) {
            writer.writeSilence(stalled);
          }
        }
        align = false;
        lastWriteNanos = nowNanos;
        writer.write(pcm, 0, count);
      } catch (IOException e) {
        fail(e);
      }
    }

    synchronized void flush() {
      if (writer != null) {
        try {
          writer.flush();
        } catch (IOException e) {
          fail(e);
        }
      }
    }

    synchronized void close() {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          fail(e);
        }
        writer = null;
      }
    }

    private void fail(IOException e) {
      LOG.warn("{}: recording {} failed, no more audio is recorded there: {}", local, file, e.toString());
      ok = false;
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException ignored) {
          // already failing; the first error was logged
        }
        writer = null;
      }
    }
  }
}
