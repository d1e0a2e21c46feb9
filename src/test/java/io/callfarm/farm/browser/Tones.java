package io.callfarm.farm.browser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test signals for browser audio: writes a sine-tone WAV for Chromium's fake microphone and reads the
 * page's recording back (16-bit mono PCM WAV) to measure its level and dominant frequency.
 */
final class Tones {
  private Tones() {}

  /** Writes {@code seconds} of a sine at {@code hz}, amplitude 0.5 (-9 dBFS RMS), 48 kHz mono 16-bit. */
  static Path writeTone(Path file, double hz, double seconds) throws IOException {
    int rate = 48_000;
    int n = (int) (rate * seconds);
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes()).put("fmt ".getBytes())
        .putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
        .putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt(2 * n);
    for (int i = 0; i < n; i++) {
      b.putShort((short) Math.round(0.5 * 32767 * Math.sin(2 * Math.PI * hz * i / rate)));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, b.array());
  }

  /** A decoded 16-bit mono WAV: samples in [-1, 1] and the sample rate. */
  record Pcm(double[] samples, int rate) {
    /** RMS level in dBFS (a full-scale square wave is 0 dBFS); -infinity for silence. */
    double rmsDbfs() {
      double sum = 0;
      for (double s : samples) {
        sum += s * s;
      }
      return 10 * Math.log10(sum / Math.max(1, samples.length));
    }

    /**
     * The frequency with the most energy between {@code fromHz} and {@code toHz}, scanned every
     * {@code stepHz} with the Goertzel algorithm (a Hann window keeps leakage from faking a peak).
     */
    double dominantHz(double fromHz, double toHz, double stepHz) {
      int n = samples.length;
      double[] windowed = new double[n];
      for (int i = 0; i < n; i++) {
        windowed[i] = samples[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / Math.max(1, n - 1)));
      }
      double best = fromHz;
      double bestPower = -1;
      for (double f = fromHz; f <= toHz; f += stepHz) {
        double coeff = 2 * Math.cos(2 * Math.PI * f / rate);
        double s1 = 0;
        double s2 = 0;
        for (double x : windowed) {
          double s0 = x + coeff * s1 - s2;
          s2 = s1;
          s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        if (power > bestPower) {
          bestPower = power;
          best = f;
        }
      }
      return best;
    }
  }

  /** Reads a 16-bit PCM mono WAV as written by the web client (a 44-byte header). */
  static Pcm read(byte[] wav) {
    if (wav.length < 44 || !new String(wav, 0, 4).equals("RIFF")) {
      throw new IllegalArgumentException("not a WAV: " + wav.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    int rate = b.getInt(24);
    int n = (wav.length - 44) / 2;
    double[] samples = new double[n];
    for (int i = 0; i < n; i++) {
      samples[i] = b.getShort(44 + 2 * i) / 32768.0;
    }
    return new Pcm(samples, rate);
  }
}
