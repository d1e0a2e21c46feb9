package io.callfarm.report;

import io.callfarm.quality.PcmAudio;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Pictures of a recording that show at a glance what the metrics summarise: a waveform (where the audio is,
 * clipping, gaps, level in dBov) and a spectrogram (bandwidth, codec cut-off, tones, noise). Stateless and
 * thread-safe; each PNG is {@value #WIDTH} pixels wide whatever the recording's length.
 */
public final class AudioPlots {

  static final int WIDTH = 1200;
  static final int WAVE_HEIGHT = 320;
  static final int SPECTRO_HEIGHT = 420;
  static final int LEFT = 64;
  static final int RIGHT = 16;
  static final int TOP = 30;
  static final int BOTTOM = 34;
  /** Colour-map range of the spectrogram, dBFS (a full-scale sine's bin reads 0). */
  static final double FLOOR_DB = -100;
  static final Color WAVE = new Color(0x1d4ed8);
  private static final Color GRID = new Color(0xd6dbe1);
  private static final Color TEXT = new Color(0x1f2933);
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  private static final double[] DBOV_GRID = {0, -6, -12, -20};
  /** Inferno-like anchors from quiet (dark) to loud (bright). */
  private static final int[] COLOUR_MAP = {0x000004, 0x320a5e, 0x781c6d, 0xbc3754, 0xed6925, 0xfbb61a, 0xfcffa4};

  private AudioPlots() {}

  /**
   * Min/max envelope per pixel column on a linear amplitude scale, with grid lines at 0, −6, −12 and −20 dBov
   * and a seconds axis.
   *
   * @param title shown above the plot, e.g. {@code "bob hears alice (degraded)"}
   */
  public static byte[] waveformPng(PcmAudio audio, String title) {
    BufferedImage img = new BufferedImage(WIDTH, WAVE_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(img, title);
    try {
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = WAVE_HEIGHT - TOP - BOTTOM;
      double mid = TOP + plotH / 2.0;
      double half = plotH / 2.0;
      g.setFont(FONT);
      for (double db : DBOV_GRID) {
        double a = Math.pow(10, db / 20);
        for (int sign : new int[] {1, -1}) {
          int y = (int) Math.round(mid - sign * a * half);
          g.setColor(GRID);
          g.drawLine(LEFT, y, LEFT + plotW, y);
          g.setColor(TEXT);
          String label = String.format("%+.0f", db).replace("+0", "0");
          g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y + 4);
        }
      }
      g.setColor(GRID);
      g.drawLine(LEFT, (int) mid, LEFT + plotW, (int) mid);
      g.setColor(TEXT);
      g.drawString("dBov", 8, TOP + 10);
      timeAxis(g, audio, plotW, TOP + plotH);

      float[] s = audio.samples();
      g.setColor(WAVE);
      for (int x = 0; x < plotW && s.length > 0; x++) {
        int from = (int) ((long) x * s.length / plotW);
        int to = Math.max(from + 1, (int) ((long) (x + 1) * s.length / plotW));
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = from; i < Math.min(to, s.length); i++) {
          min = Math.min(min, s[i]);
          max = Math.max(max, s[i]);
        }
        int yTop = (int) Math.round(mid - Math.min(1, max) * half);
        int yBottom = (int) Math.round(mid - Math.max(-1, min) * half);
        g.drawLine(LEFT + x, yTop, LEFT + x, yBottom);
      }
    } finally {
      g.dispose();
    }
    return Images.png(img);
  }

  /**
   * Short-time Fourier transform (Hann window of about 32 ms, a power-of-two length, one column per pixel) as
   * log magnitude from {@value #FLOOR_DB} to 0 dBFS on a dark-to-bright colour map, 0 Hz at the bottom up to
   * {@code sampleRate / 2} at the top.
   *
   * @param title shown above the plot
   */
  public static byte[] spectrogramPng(PcmAudio audio, String title) {
    BufferedImage img = new BufferedImage(WIDTH, SPECTRO_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(img, title);
    try {
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = SPECTRO_HEIGHT - TOP - BOTTOM;
      int n = Integer.highestOneBit(Math.max(64, (int) (audio.sampleRate() * 0.032)) - 1) << 1;
      double[] window = new double[n];
      for (int i = 0; i < n; i++) {
        window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
      }
      FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
      float[] s = audio.samples();
      double norm = n / 4.0; // |X| of a full-scale sine through a Hann window
      double[] frame = new double[n];
      for (int x = 0; x < plotW; x++) {
        int centre = (int) ((x + 0.5) * s.length / plotW);
        int start = centre - n / 2;
        for (int i = 0; i < n; i++) {
          int k = start + i;
          frame[i] = k >= 0 && k < s.length ? s[k] * window[i] : 0;
        }
        Complex[] spectrum = fft.transform(frame, TransformType.FORWARD);
        for (int y = 0; y < plotH; y++) {
          double f0 = (double) (plotH - 1 - y) / plotH * (n / 2);
          double f1 = (double) (plotH - y) / plotH * (n / 2);
          // the loudest bin a row covers, or the nearest bin when rows are finer than bins (no banding)
          int first = f1 - f0 >= 1 ? (int) Math.ceil(f0) : (int) Math.round((f0 + f1) / 2);
          int last = Math.max(first, Math.min(n / 2, (int) Math.floor(f1)));
          double peak = 0;
          for (int bin = first; bin <= last; bin++) {
            peak = Math.max(peak, spectrum[bin].abs());
          }
          double db = 20 * Math.log10(Math.max(peak / norm, 1e-12));
          img.setRGB(LEFT + x, TOP + y, colour((db - FLOOR_DB) / -FLOOR_DB));
        }
      }
      g.setFont(FONT);
      double nyquist = audio.sampleRate() / 2.0;
      double step = nyquist > 12_000 ? 4000 : nyquist > 6000 ? 2000 : 1000;
      for (double f = 0; f <= nyquist + 1; f += step) {
        int y = (int) Math.round(TOP + plotH - f / nyquist * plotH);
        g.setColor(TEXT);
        g.drawLine(LEFT - 4, y, LEFT, y);
        String label = f == 0 ? "0" : String.format("%.0fk", f / 1000);
        g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), y + 4);
      }
      g.drawString("Hz", 8, TOP + 10);
      timeAxis(g, audio, plotW, TOP + plotH);
      legend(g, plotW);
    } finally {
      g.dispose();
    }
    return Images.png(img);
  }

  /** Colour-map lookup for a level in 0 (floor) .. 1 (full scale); out-of-range values are clamped. */
  static int colour(double v) {
    double p = Math.max(0, Math.min(1, v)) * (COLOUR_MAP.length - 1);
    int i = Math.min(COLOUR_MAP.length - 2, (int) p);
    double t = p - i;
    int a = COLOUR_MAP[i];
    int b = COLOUR_MAP[i + 1];
    int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
    int gr = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
    int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
    return (r << 16) | (gr << 8) | bl;
  }

  private static Graphics2D start(BufferedImage img, String title) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(TEXT);
    g.setFont(TITLE_FONT);
    g.drawString(title, LEFT, 19);
    return g;
  }

  private static void timeAxis(Graphics2D g, PcmAudio audio, int plotW, int y) {
    g.setFont(FONT);
    g.setColor(TEXT);
    g.setStroke(new BasicStroke(1f));
    g.drawLine(LEFT, y, LEFT + plotW, y);
    double seconds = audio.durationSeconds();
    double step = niceStep(seconds / 12);
    for (double t = 0; t <= seconds + 1e-9; t += step) {
      int x = (int) Math.round(LEFT + t / Math.max(seconds, 1e-9) * plotW);
      g.drawLine(x, y, x, y + 4);
      String label = step < 1 ? String.format("%.1f", t) : String.format("%.0f", t);
      g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, y + 16);
    }
    g.drawString("s", LEFT + plotW - 8, y + 28);
  }

  private static void legend(Graphics2D g, int plotW) {
    int x = LEFT + plotW - 230;
    for (int i = 0; i < 120; i++) {
      g.setColor(new Color(colour(i / 119.0)));
      g.drawLine(x + 60 + i, 8, x + 60 + i, 18);
    }
    g.setColor(TEXT);
    g.drawString(String.format("%.0f dB", FLOOR_DB), x + 10, 18);
    g.drawString("0 dBFS", x + 186, 18);
  }

  private static double niceStep(double raw) {
    double pow = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
    for (double m : new double[] {1, 2, 5}) {
      if (m * pow >= raw) {
        return m * pow;
      }
    }
    return 10 * pow;
  }
}
