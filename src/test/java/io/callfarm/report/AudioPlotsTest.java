package io.callfarm.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.media.SpeechClips;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Wav;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.testng.annotations.Test;

public class AudioPlotsTest {

  private static final Path SAMPLES = Path.of("target", "report-samples");
  private static final Path SPEECH = SpeechClips.file("cmu_arctic_us_aew_a0001");

  /** 1 kHz at −6 dBov for 1 s with a 200 ms gap in the middle, at 16 kHz. */
  private static PcmAudio toneWithGap() {
    float[] s = new float[16_000];
    for (int i = 0; i < s.length; i++) {
      s[i] = i >= 7_200 && i < 8_800 ? 0 : (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 16_000.0));
    }
    return new PcmAudio(16_000, s);
  }

  @Test
  public void waveformShowsTheEnvelopeAndTheGap() throws IOException {
    BufferedImage img = read(AudioPlots.waveformPng(toneWithGap(), "tone"));
    assertEquals(img.getWidth(), AudioPlots.WIDTH);
    assertEquals(img.getHeight(), AudioPlots.WAVE_HEIGHT);
    int plotW = AudioPlots.WIDTH - AudioPlots.LEFT - AudioPlots.RIGHT;
    int plotH = AudioPlots.WAVE_HEIGHT - AudioPlots.TOP - AudioPlots.BOTTOM;
    int mid = AudioPlots.TOP + plotH / 2;
    int quarterUp = mid - plotH / 8; // amplitude 0.25, inside a 0.5 envelope
    assertEquals(new Color(img.getRGB(AudioPlots.LEFT + plotW / 4, quarterUp)), AudioPlots.WAVE);
    assertTrue(!new Color(img.getRGB(AudioPlots.LEFT + plotW / 2, quarterUp)).equals(AudioPlots.WAVE),
        "the gap at 0.5 s is empty");
  }

  @Test
  public void spectrogramIsBrightAtTheToneAndDarkElsewhere() throws IOException {
    BufferedImage img = read(AudioPlots.spectrogramPng(toneWithGap(), "tone"));
    int plotW = AudioPlots.WIDTH - AudioPlots.LEFT - AudioPlots.RIGHT;
    int plotH = AudioPlots.SPECTRO_HEIGHT - AudioPlots.TOP - AudioPlots.BOTTOM;
    int x = AudioPlots.LEFT + plotW / 4;
    int yTone = (int) Math.round(AudioPlots.TOP + plotH - 1000.0 / 8000 * plotH);
    int yHigh = AudioPlots.TOP + plotH / 4; // 6 kHz
    assertTrue(brightness(img.getRGB(x, yTone)) > brightness(img.getRGB(x, yHigh)) + 200, "tone row "
        + Integer.toHexString(img.getRGB(x, yTone)) + " vs 6 kHz " + Integer.toHexString(img.getRGB(x, yHigh)));
  }

  @Test
  public void rendersSamples() throws IOException {
    Files.createDirectories(SAMPLES);
    String tone = "1 kHz −6 dBov, 200 ms gap";
    Files.write(SAMPLES.resolve("waveform-tone.png"), AudioPlots.waveformPng(toneWithGap(), tone));
    Files.write(SAMPLES.resolve("spectrogram-tone.png"), AudioPlots.spectrogramPng(toneWithGap(), tone));
    if (Files.exists(SPEECH)) {
      PcmAudio speech = Wav.read(SPEECH);
      String name = SPEECH.getFileName().toString();
      Files.write(SAMPLES.resolve("waveform-speech.png"), AudioPlots.waveformPng(speech, name));
      Files.write(SAMPLES.resolve("spectrogram-speech.png"), AudioPlots.spectrogramPng(speech, name));
    }
  }

  private static int brightness(int rgb) {
    return ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
  }

  private static BufferedImage read(byte[] png) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(png));
  }
}
