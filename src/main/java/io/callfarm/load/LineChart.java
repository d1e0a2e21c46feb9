package io.callfarm.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG line chart of one metric over time (Java2D, headless): axes with min/max labels, the series,
 * a title with the unit. Enough for a report to embed; no chart library.
 */
final class LineChart {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 320;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 36;
  private static final int BOTTOM = 40;

  private LineChart() {}

  /** Writes {@code ys} over {@code xs} (seconds) to {@code file}. */
  static void write(Path file, String title, double[] xs, double[] ys) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      double xMax = 1;
      double yMax = 0;
      for (int i = 0; i < xs.length; i++) {
        xMax = Math.max(xMax, xs[i]);
        yMax = Math.max(yMax, ys[i]);
      }
      yMax = yMax <= 0 ? 1 : yMax * 1.1;
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = HEIGHT - TOP - BOTTOM;
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.setColor(Color.BLACK);
      g.drawString(title, LEFT, 22);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setColor(new Color(225, 225, 225));
      for (int i = 1; i <= 4; i++) {
        int y = TOP + plotH - plotH * i / 4;
        g.drawLine(LEFT, y, LEFT + plotW, y);
      }
      g.setColor(Color.DARK_GRAY);
      g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
      g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
      for (int i = 0; i <= 4; i++) {
        int y = TOP + plotH - plotH * i / 4;
        g.drawString(label(yMax * i / 4), 6, y + 4);
        String xLabel = label(xMax * i / 4) + " s";
        int width = g.getFontMetrics().stringWidth(xLabel);
        int x = LEFT + plotW * i / 4 - (i == 4 ? width : width / 2);
        g.drawString(xLabel, x, TOP + plotH + 16);
      }
      g.setColor(new Color(30, 100, 200));
      g.setStroke(new BasicStroke(2f));
      for (int i = 1; i < xs.length; i++) {
        g.drawLine(px(xs[i - 1], xMax, plotW), py(ys[i - 1], yMax, plotH),
            px(xs[i], xMax, plotW), py(ys[i], yMax, plotH));
      }
      if (xs.length == 1) {
        g.fillOval(px(xs[0], xMax, plotW) - 2, py(ys[0], yMax, plotH) - 2, 5, 5);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static int px(double x, double xMax, int plotW) {
    return LEFT + (int) Math.round(plotW * x / xMax);
  }

  private static int py(double y, double yMax, int plotH) {
    return TOP + plotH - (int) Math.round(plotH * Math.max(0, y) / yMax);
  }

  private static String label(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
