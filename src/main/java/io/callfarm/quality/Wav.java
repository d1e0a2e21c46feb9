package io.callfarm.quality;

import io.callfarm.quality.AnalysisException.Code;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes RIFF/WAVE files so that analysis and the virtual microphone share one strict decoder.
 * Reads 16-, 24- and 32-bit integer PCM and 32/64-bit IEEE float (plain or WAVE_FORMAT_EXTENSIBLE), any sample
 * rate, any channel count (averaged to mono). Everything else fails with an {@link AnalysisException} naming
 * the problem. Writes 16-bit mono PCM.
 */
public final class Wav {

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  /**
   * The largest file {@link #read} decodes: 30 minutes of 48 kHz mono 16-bit (172.8 MB), 90 times the longest
   * recording in src/test/resources (20 s). The bytes and the decoded samples (4 bytes each) must fit the heap; an
   * hour of 48 kHz stereo (660 MB) would not on a default heap, and {@code /dev/zero} never ends.
   */
  public static final long MAX_BYTES = 30L * 60 * 48_000 * 2;

  private Wav() {
  }

  /**
   * Decodes a WAV file to mono.
   *
   * @param path the file; must exist and be readable
   * @return the signal at the file's own sample rate, channels averaged, full scale = 1.0
   * @throws AnalysisException code {@code io} (also for a folder, device or FIFO), {@code too_long} (over
   *                           {@link #MAX_BYTES}),
   *                           {@code not_wav}, {@code corrupt_header}, {@code unsupported_format} or
   *                           {@code empty}, with the file name in the message
   */
  public static PcmAudio read(Path path) {
    byte[] bytes;
    try {
      if (Files.exists(path) && !Files.isRegularFile(path)) {
        throw new AnalysisException(Code.IO, path + ": not a regular file (a folder, device or FIFO); "
            + "give a WAV file");
      }
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new AnalysisException(Code.TOO_LONG, path + ": " + size + " bytes, more than the " + MAX_BYTES
            + " analysed (30 minutes of 48 kHz mono 16-bit); cut it, e.g. sox in.wav out.wav trim 0 30:00");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new AnalysisException(Code.IO, path + ": no such file; check the path", e);
    } catch (IOException e) {
      throw new AnalysisException(Code.IO, path + ": cannot read (" + e.getMessage() + ")", e);
    }
    return decode(bytes, path.toString());
  }

  /**
   * Decodes WAV bytes, as {@link #read(Path)} does.
   *
   * @param name used in error messages only
   */
  public static PcmAudio decode(byte[] bytes, String name) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
      throw new AnalysisException(Code.NOT_WAV,
          name + ": not a WAV file (no RIFF/WAVE header); convert it to PCM WAV, e.g. with sox or ffmpeg");
    }
    int pos = 12;
    Format fmt = null;
    int dataOffset = -1;
    int dataLength = -1;
    while (pos + 8 <= bytes.length) {
      long size = Integer.toUnsignedLong(b.getInt(pos + 4));
      int body = pos + 8;
      if (tag(bytes, pos, "fmt ")) {
        fmt = parseFormat(b, body, size, name);
      } else if (tag(bytes, pos, "data")) {
        long available = bytes.length - (long) body;
        if (size == 0xFFFFFFFFL || (size == 0 && available > 0)) {
          size = available; // streaming writer that never patched the size
        } else if (size > available) {
          throw new AnalysisException(Code.CORRUPT_HEADER, name + ": data chunk declares " + size
              + " bytes but only " + available + " follow; the file is truncated, re-record or re-export it");
        }
        dataOffset = body;
        dataLength = (int) size;
        break;
      }
      if (size > bytes.length - (long) body) {
        throw new AnalysisException(Code.CORRUPT_HEADER, name + ": chunk '" + new String(bytes, pos, 4,
            java.nio.charset.StandardCharsets.ISO_8859_1) + "' runs past the end of the file; re-export it");
      }
      pos = (int) (body + size + (size & 1));
    }
    if (fmt == null) {
      throw new AnalysisException(Code.CORRUPT_HEADER, name + ": no 'fmt ' chunk before the audio data");
    }
    if (dataOffset < 0) {
      throw new AnalysisException(Code.CORRUPT_HEADER, name + ": no 'data' chunk");
    }
    int frames = dataLength / fmt.blockAlign;
    if (frames == 0) {
      throw new AnalysisException(Code.EMPTY, name + ": contains no audio samples");
    }
    float[] mono = new float[frames];
    int bytesPerSample = fmt.bitsPerSample / 8;
    for (int f = 0; f < frames; f++) {
      double sum = 0;
      int frameStart = dataOffset + f * fmt.blockAlign;
      for (int c = 0; c < fmt.channels; c++) {
        sum += sample(b, frameStart + c * bytesPerSample, fmt);
      }
      mono[f] = (float) (sum / fmt.channels);
    }
    return new PcmAudio(fmt.sampleRate, mono);
  }

  /**
   * Writes 16-bit mono PCM at the signal's sample rate; samples outside [-1, 1] are clipped, values are
   * rounded to the nearest code.
   *
   * @throws AnalysisException code {@code io} if the file cannot be written
   */
  public static void write(Path path, PcmAudio audio) {
    float[] s = audio.samples();
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + 2 * s.length)
        .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(16).putShort((short) FORMAT_PCM).putShort((short) 1).putInt(audio.sampleRate())
        .putInt(audio.sampleRate() * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2 * s.length);
    for (float v : s) {
      b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768.0))));
    }
    try {
      Files.write(path, b.array());
    } catch (IOException e) {
      throw new AnalysisException(Code.IO, path + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  private record Format(int tag, int channels, int sampleRate, int blockAlign, int bitsPerSample) {
  }

  private static Format parseFormat(ByteBuffer b, int at, long size, String name) {
    if (size < 16 || at + 16 > b.capacity()) {
      throw new AnalysisException(Code.CORRUPT_HEADER, name + ": 'fmt ' chunk is " + size
          + " bytes, needs at least 16");
    }
    int tag = Short.toUnsignedInt(b.getShort(at));
    int channels = Short.toUnsignedInt(b.getShort(at + 2));
    int rate = b.getInt(at + 4);
    int blockAlign = Short.toUnsignedInt(b.getShort(at + 12));
    int bits = Short.toUnsignedInt(b.getShort(at + 14));
    if (tag == FORMAT_EXTENSIBLE) {
      if (size < 40 || at + 26 > b.capacity()) {
        throw new AnalysisException(Code.CORRUPT_HEADER, name + ": WAVE_FORMAT_EXTENSIBLE header is too short");
      }
      tag = Short.toUnsignedInt(b.getShort(at + 24)); // first two bytes of the sub-format GUID
    }
    boolean pcm = tag == FORMAT_PCM && (bits == 16 || bits == 24 || bits == 32);
    boolean flt = tag == FORMAT_FLOAT && (bits == 32 || bits == 64);
    if ((tag == FORMAT_PCM || tag == FORMAT_FLOAT)
        && (channels == 0 || rate <= 0 || bits == 0 || bits % 8 != 0 || blockAlign != channels * bits / 8)) {
      throw new AnalysisException(Code.CORRUPT_HEADER, name + ": inconsistent format (channels=" + channels
          + ", rate=" + rate + ", bits=" + bits + ", blockAlign=" + blockAlign + ")");
    }
    if (!pcm && !flt) {
      String what = tag == FORMAT_PCM ? bits + "-bit PCM" : "format tag " + tag + " (" + bits + " bits)";
      throw new AnalysisException(Code.UNSUPPORTED_FORMAT, name + ": " + what
          + " is not supported; convert to 16-bit PCM (e.g. sox in.wav -b 16 out.wav)");
    }
    return new Format(tag, channels, rate, blockAlign, bits);
  }

  private static double sample(ByteBuffer b, int at, Format fmt) {
    if (fmt.tag == FORMAT_FLOAT) {
      return fmt.bitsPerSample == 32 ? b.getFloat(at) : b.getDouble(at);
    }
    return switch (fmt.bitsPerSample) {
      case 16 -> b.getShort(at) / 32768.0;
      case 24 -> ((b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | b.get(at + 2) << 16) / 8388608.0;
      default -> b.getInt(at) / 2147483648.0;
    };
  }

  private static boolean tag(byte[] bytes, int at, String tag) {
    for (int i = 0; i < 4; i++) {
      if (bytes[at + i] != tag.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
