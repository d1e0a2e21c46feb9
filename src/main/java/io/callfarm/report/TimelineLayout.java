package io.callfarm.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where everything of a {@link CallTimeline} goes on the chart, in pixels, computed once so the PNG and the SVG
 * renderers draw the same picture. Time is linear downwards; a label that would overlap the previous one on its
 * lane (or in the step gutter) is pushed down and joined to its dot by a leader line, so the chart grows taller
 * instead of overprinting.
 */
final class TimelineLayout {

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font HEADER_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);
  static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  static final int TITLE_H = 34;
  static final int HEADER_H = 46;
  static final int GUTTER_W = 190;
  static final int AXIS_W = 60;
  static final int LANE_W = 230;
  static final int RIGHT_PAD = 16;
  static final int LINE_H = 15;
  static final int DOT_R = 4;
  static final int LABEL_DX = 9;

  /** A positioned label: {@code y} is the text's vertical centre, {@code anchorY} the time it belongs to. */
  record Label(double anchorY, double y, String text, boolean emphasised) {}

  /** A callback dot and its label on lane {@code lane}. */
  record EventBox(int lane, Label label) {}

  record Tick(double y, String text) {}

  final CallTimeline timeline;
  final int width;
  final int height;
  final int plotTop;
  final double plotBottom;
  final double pxPerMs;
  final List<EventBox> events = new ArrayList<>();
  final List<Label> marks = new ArrayList<>();
  final List<Tick> ticks = new ArrayList<>();
  private final FontMetrics small;

  TimelineLayout(CallTimeline timeline) {
    this.timeline = timeline;
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    this.small = g.getFontMetrics(SMALL_FONT);
    g.dispose();

    int lanes = Math.max(1, timeline.lanes().size());
    width = GUTTER_W + AXIS_W + lanes * LANE_W + RIGHT_PAD;
    plotTop = TITLE_H + HEADER_H + 14;
    int busiest = timeline.lanes().stream().mapToInt(l -> l.events().size()).max().orElse(0);
    double plotH = Math.max(480, Math.min(1600, 18.0 * (busiest + timeline.marks().size())));
    long end = Math.max(1, timeline.endMillis());
    pxPerMs = plotH / end;
    plotBottom = plotTop + plotH;

    double lowest = plotBottom;
    for (int i = 0; i < timeline.lanes().size(); i++) {
      List<TimedEvent> sorted = new ArrayList<>(timeline.lanes().get(i).events());
      sorted.sort(Comparator.comparingLong(TimedEvent::atMillis));
      double next = Double.NEGATIVE_INFINITY;
      for (TimedEvent e : sorted) {
        double at = y(e.atMillis());
        double y = Math.max(at, next);
        next = y + LINE_H;
        String text = fit(e.signature(), LANE_W - LABEL_DX - 12);
        events.add(new EventBox(i, new Label(at, y, text, e.expected())));
        lowest = Math.max(lowest, y);
      }
    }
    List<Mark> sortedMarks = new ArrayList<>(timeline.marks());
    sortedMarks.sort(Comparator.comparingLong(Mark::atMillis));
    double next = Double.NEGATIVE_INFINITY;
    for (Mark m : sortedMarks) {
      double at = y(m.atMillis());
      double y = Math.max(at, next);
      next = y + LINE_H;
      marks.add(new Label(at, y, fit(m.label(), GUTTER_W - 14), m.failed()));
      lowest = Math.max(lowest, y);
    }
    double step = tickStep(end, plotH);
    for (double t = 0; t <= end + step / 2; t += step) {
      ticks.add(new Tick(y(t), formatMs(t, step)));
    }
    height = (int) Math.ceil(lowest) + 36;
  }

  /** Vertical pixel of a time, ms since the call start. */
  double y(double atMillis) {
    return plotTop + atMillis * pxPerMs;
  }

  /** Horizontal centre of lane {@code i} (its vertical line). */
  static int laneX(int i) {
    return GUTTER_W + AXIS_W + i * LANE_W + 24;
  }

  static int axisX() {
    return GUTTER_W + AXIS_W - 8;
  }

  /** {@code text}, cut with an ellipsis so it is at most {@code px} wide in the small font. */
  String fit(String text, int px) {
    if (small.stringWidth(text) <= px) {
      return text;
    }
    int n = text.length();
    while (n > 1 && small.stringWidth(text.substring(0, n) + "…") > px) {
      n--;
    }
    return text.substring(0, n) + "…";
  }

  int textWidth(String text) {
    return small.stringWidth(text);
  }

  /** A 1-2-5 step giving a tick about every 70 px. */
  private static double tickStep(long endMs, double plotH) {
    double raw = endMs / Math.max(1, plotH / 70);
    double pow = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * pow >= raw) {
        return Math.max(1, m * pow);
      }
    }
    return Math.max(1, 10 * pow);
  }

  private static String formatMs(double t, double step) {
    if (step >= 1000 && t % 1000 == 0) {
      return String.format("%.0f s", t / 1000);
    }
    if (step >= 100 && t >= 1000) {
      return String.format("%.1f s", t / 1000);
    }
    return String.format("%.0f ms", t);
  }
}
