package io.callfarm.quality;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class WavTest {

  @Test
  public void sixteenBitRoundTripIsExactToOneCode() throws IOException {
    PcmAudio tone = TestAudio.tone(44100, 1000, 0.5, 0.1);
    Path file = Scratch.file("wav-test", ".wav");
    try {
      Wav.write(file, tone);
      PcmAudio back = Wav.read(file);
      assertEquals(back.sampleRate(), 44100);
      assertEquals(back.length(), tone.length());
      for (int i = 0; i < tone.length(); i++) {
        assertEquals(back.samples()[i], tone.samples()[i], 1.0 / 32768);
      }
    } finally {
      Files.delete(file);
    }
  }

  @Test
  public void decodes24And32BitFloatAndStereo() {
    double[] values = {0.5, -0.25, 0.125};
    for (int bits : new int[] {24, 32}) {
      ByteBuffer data = le(values.length * bits / 8);
      for (double v : values) {
        long code = Math.round(v * (1L << (bits - 1)));
        for (int b = 0; b < bits / 8; b++) {
          data.put((byte) (code >> (8 * b)));
        }
      }
      assertSamples(Wav.decode(wav(1, 1, 8000, bits, data.array()), "pcm" + bits), values);
    }
    ByteBuffer floats = le(values.length * 4);
    for (double v : values) {
      floats.putFloat((float) v);
    }
    assertSamples(Wav.decode(wav(3, 1, 8000, 32, floats.array()), "float"), values);
    ByteBuffer stereo = le(4 * 2);
    stereo.putShort((short) 16384).putShort((short) 0).putShort((short) -8192).putShort((short) -8192);
    assertSamples(Wav.decode(wav(1, 2, 8000, 16, stereo.array()), "stereo"), new double[] {0.25, -0.25});
  }

  @Test
  public void badFilesFailWithTheirCode() {
    byte[] ok = wav(1, 1, 16000, 16, new byte[64]);
    assertCode("hello, world".getBytes(StandardCharsets.US_ASCII), AnalysisException.Code.NOT_WAV);
    assertCode(new byte[0], AnalysisException.Code.NOT_WAV);
    assertCode(wav(1, 1, 16000, 16, new byte[0]), AnalysisException.Code.EMPTY);
    assertCode(wav(1, 1, 16000, 8, new byte[64]), AnalysisException.Code.UNSUPPORTED_FORMAT);
    assertCode(wav(2, 1, 16000, 4, new byte[64]), AnalysisException.Code.UNSUPPORTED_FORMAT); // ADPCM
    byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - 10);
    assertCode(truncated, AnalysisException.Code.CORRUPT_HEADER);
    byte[] noFmt = ok.clone();
    noFmt[12] = 'j';
    noFmt[13] = 'u';
    noFmt[14] = 'n';
    noFmt[15] = 'k';
    assertCode(noFmt, AnalysisException.Code.CORRUPT_HEADER);
    byte[] badAlign = ok.clone();
    badAlign[32] = 7; // blockAlign
    assertCode(badAlign, AnalysisException.Code.CORRUPT_HEADER);
    AnalysisException missing = expectThrows(AnalysisException.class,
        () -> Wav.read(Path.of("no-such-dir", "missing.wav")));
    assertEquals(missing.code(), AnalysisException.Code.IO);
    assertTrue(missing.getMessage().contains("missing.wav"), missing.getMessage());
  }

  private static void assertCode(byte[] bytes, AnalysisException.Code code) {
    AnalysisException e = expectThrows(AnalysisException.class, () -> Wav.decode(bytes, "x.wav"));
    assertEquals(e.code(), code, e.getMessage());
    assertTrue(e.getMessage().startsWith("x.wav: "), e.getMessage());
  }

  private static void assertSamples(PcmAudio audio, double[] expected) {
    assertEquals(audio.length(), expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(audio.samples()[i], expected[i], 1e-6);
    }
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A canonical 44-byte-header WAV around {@code data}. */
  static byte[] wav(int tag, int channels, int rate, int bits, byte[] data) {
    int align = channels * bits / 8;
    ByteBuffer b = le(44 + data.length);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) tag)
        .putShort((short) channels).putInt(rate).putInt(rate * align).putShort((short) align)
        .putShort((short) bits).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
    return b.array();
  }
}
