package io.callfarm.engine.media;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.callfarm.quality.AnalysisException;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;

/**
 * WAV files for the virtual microphone (read through {@link Wav}) and the virtual speaker, which
 * streams its recording to disk as it is heard (a valid file after every flush).
 */
final class WavFiles {

  private static final int HEADER_BYTES = 44;

  private WavFiles() {
  }

  /**
   * Reads a WAV file with {@link Wav} (any PCM or float format, channels averaged) and converts it to
   * {@value MicSource#SAMPLE_RATE} Hz 16-bit samples with {@link Resampler}.
   *
   * @throws IOException when the file is not a WAV the analyser can read (the message says why)
   */
  static short[] readMono48k(Path file) throws IOException {
    try {
      return toMono48k(Wav.read(file));
    } catch (AnalysisException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** {@code in} converted to {@value MicSource#SAMPLE_RATE} Hz 16-bit samples (rounded, saturated). */
  static short[] toMono48k(PcmAudio in) {
    PcmAudio audio = Resampler.resample(in, MicSource.SAMPLE_RATE);
    short[] out = new short[audio.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(audio.samples()[i] * 32768)));
    }
    return out;
  }

  /**
   * Streams 48 kHz mono 16-bit samples to a WAV file; the header's lengths are patched by {@link #flush()} and
   * {@link #close()}, so the file is valid after each. Not thread-safe: callers serialise.
   */
  static final class Writer implements Closeable {

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long samples;
    private long drainedBytes;

    Writer(Path file) throws IOException {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ);
      writeHeader();
    }

    /** Samples written so far. */
    long samples() {
      return samples;
    }

    void write(short[] pcm, int offset, int count) throws IOException {
      for (int i = 0; i < count; i++) {
        if (!buffer.hasRemaining()) {
          drain();
        }
        buffer.putShort(pcm[offset + i]);
      }
      samples += count;
    }

    void writeSilence(long count) throws IOException {
      for (long i = 0; i < count; i++) {
        if (!buffer.hasRemaining()) {
          drain();
        }
        buffer.putShort((short) 0);
      }
      samples += count;
    }

    void flush() throws IOException {
      drain();
      writeHeader();
    }

    @Override
    public void close() throws IOException {
      try {
        flush();
      } finally {
        channel.close();
      }
    }

    private void drain() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        drainedBytes += channel.write(buffer, HEADER_BYTES + drainedBytes);
      }
      buffer.clear();
    }

    /** Patches the header to the samples written; the buffer must be empty. */
    private void writeHeader() throws IOException {
      ByteBuffer h = header(2 * samples);
      long at = 0;
      while (h.hasRemaining()) {
        at += channel.write(h, at);
      }
    }
  }

  /** A 44-byte canonical header for 48 kHz mono 16-bit PCM with {@code dataBytes} of samples. */
  static ByteBuffer header(long dataBytes) {
    int rate = MicSource.SAMPLE_RATE;
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0x46464952).putInt((int) Math.min(0xffffffffL, 36 + dataBytes)).putInt(0x45564157);
    h.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
        .putShort((short) 2).putShort((short) 16);
    h.putInt(0x61746164).putInt((int) Math.min(0xffffffffL, dataBytes));
    return h.flip();
  }

  /** Offset of the first sample in files written by {@link Writer}. */
  static int dataOffset() {
    return HEADER_BYTES;
  }
}
