package io.callfarm.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link CallTimeline} as a swim-lane sequence chart, so a person can follow a call across devices: one
 * vertical lane per device, time flowing down on a ms axis, each callback a labelled dot, each scenario step a
 * dashed line across all lanes (red when it failed), callbacks no expectation matched greyed out. Pure Java2D;
 * stateless and thread-safe.
 */
public final class TimelineChart {

  static final Color BACKGROUND = Color.WHITE;
  static final Color LANE_LINE = new Color(0x9aa5b1);
  static final Color TEXT = new Color(0x1f2933);
  static final Color GREY = new Color(0xb0b7bf);
  static final Color STEP = new Color(0x3e6fb0);
  static final Color FAILED = new Color(0xd62828);
  static final Color EVENT = new Color(0x0b7a3e);
  private static final Map<String, Color> KIND_COLOURS = Map.of(
      "virtual", new Color(0xdbeafe), "browser", new Color(0xdcfce7), "appium", new Color(0xf3e8ff));
  private static final Color OTHER_KIND = new Color(0xeef0f2);

  private TimelineChart() {}

  /** The chart as a PNG image, {@link TimelineLayout#LANE_W} pixels per lane wide, as tall as the labels need. */
  public static byte[] png(CallTimeline timeline) {
    TimelineLayout l = new TimelineLayout(timeline);
    BufferedImage img = new BufferedImage(l.width, l.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      draw(g, l);
    } finally {
      g.dispose();
    }
    return Images.png(img);
  }

  /** The same chart as a standalone SVG document (UTF-8 text). */
  public static String svg(CallTimeline timeline) {
    return new TimelineSvg(new TimelineLayout(timeline)).render();
  }

  static Color kindColour(String kind) {
    return KIND_COLOURS.getOrDefault(kind, OTHER_KIND);
  }

  private static void draw(Graphics2D g, TimelineLayout l) {
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, l.width, l.height);
    g.setColor(TEXT);
    g.setFont(TimelineLayout.TITLE_FONT);
    g.drawString(l.timeline.title(), 12, 22);
    drawLegend(g, l);

    List<Lane> lanes = l.timeline.lanes();
    int bottom = l.height - 14;
    for (int i = 0; i < lanes.size(); i++) {
      Lane lane = lanes.get(i);
      int x = TimelineLayout.laneX(i);
      int boxX = x - 18;
      int boxW = TimelineLayout.LANE_W - 16;
      g.setColor(kindColour(lane.kind()));
      g.fillRoundRect(boxX, TimelineLayout.TITLE_H, boxW, TimelineLayout.HEADER_H - 4, 8, 8);
      g.setColor(LANE_LINE);
      g.drawRoundRect(boxX, TimelineLayout.TITLE_H, boxW, TimelineLayout.HEADER_H - 4, 8, 8);
      g.setColor(TEXT);
      g.setFont(TimelineLayout.HEADER_FONT);
      g.drawString(l.fit(lane.deviceId(), boxW - 12), boxX + 6, TimelineLayout.TITLE_H + 17);
      g.setFont(TimelineLayout.SMALL_FONT);
      g.drawString(l.fit(lane.kind() + " · user " + lane.userId(), boxW - 12), boxX + 6,
          TimelineLayout.TITLE_H + 34);
      g.setColor(LANE_LINE);
      g.setStroke(new BasicStroke(2f));
      g.drawLine(x, TimelineLayout.TITLE_H + TimelineLayout.HEADER_H - 4, x, bottom);
    }

    g.setFont(TimelineLayout.SMALL_FONT);
    int axisX = TimelineLayout.axisX();
    g.setStroke(new BasicStroke(1f));
    g.setColor(LANE_LINE);
    g.drawLine(axisX, l.plotTop, axisX, (int) l.plotBottom);
    for (TimelineLayout.Tick t : l.ticks) {
      g.setColor(LANE_LINE);
      g.draw(new Line2D.Double(axisX - 4, t.y(), axisX, t.y()));
      g.setColor(TEXT);
      g.drawString(t.text(), axisX - 6 - l.textWidth(t.text()), (float) t.y() + 4);
    }

    BasicStroke dashed = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f);
    for (TimelineLayout.Label m : l.marks) {
      Color c = m.emphasised() ? FAILED : STEP;
      g.setColor(c);
      g.setStroke(dashed);
      g.draw(new Line2D.Double(axisX, m.anchorY(), l.width - TimelineLayout.RIGHT_PAD, m.anchorY()));
      g.setStroke(new BasicStroke(1f));
      int textEnd = 8 + l.textWidth(m.text());
      if (m.y() > m.anchorY()) {
        g.draw(new Line2D.Double(textEnd + 3, m.y() - 4, axisX, m.anchorY()));
      }
      g.drawString(m.text(), 8, (float) m.y() - 1);
    }

    for (TimelineLayout.EventBox e : l.events) {
      TimelineLayout.Label lab = e.label();
      int x = TimelineLayout.laneX(e.lane());
      Color c = lab.emphasised() ? EVENT : GREY;
      g.setStroke(new BasicStroke(1f));
      int tx = x + TimelineLayout.LABEL_DX;
      int tw = l.textWidth(lab.text());
      g.setColor(new Color(255, 255, 255, 215));
      g.fill(new Rectangle2D.Double(tx - 2, lab.y() - 7, tw + 4, 13));
      g.setColor(c);
      if (lab.y() > lab.anchorY()) {
        g.draw(new Line2D.Double(x, lab.anchorY(), tx - 2, lab.y()));
      }
      double r = TimelineLayout.DOT_R;
      g.fill(new Ellipse2D.Double(x - r, lab.anchorY() - r, 2 * r, 2 * r));
      g.setColor(lab.emphasised() ? TEXT : GREY);
      g.drawString(lab.text(), tx, (float) lab.y() + 4);
    }
  }

  /** Left edge of the legend: right-aligned, but never over the title. */
  static int legendX(TimelineLayout l) {
    return Math.max(12 + l.textWidth(l.timeline.title()) + 140, l.width - 440);
  }

  private static void drawLegend(Graphics2D g, TimelineLayout l) {
    g.setFont(TimelineLayout.SMALL_FONT);
    int x = legendX(l);
    int y = 20;
    g.setColor(EVENT);
    g.fillOval(x, y - 8, 8, 8);
    g.setColor(TEXT);
    g.drawString("expected", x + 12, y);
    g.setColor(GREY);
    g.fillOval(x + 70, y - 8, 8, 8);
    g.drawString("unexpected", x + 82, y);
    BasicStroke dashed = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 4f}, 0f);
    g.setStroke(dashed);
    g.setColor(STEP);
    g.drawLine(x + 160, y - 4, x + 185, y - 4);
    g.drawString("step", x + 190, y);
    g.setColor(FAILED);
    g.drawLine(x + 230, y - 4, x + 255, y - 4);
    g.drawString("failed step", x + 260, y);
    g.setStroke(new BasicStroke(1f));
  }
}
