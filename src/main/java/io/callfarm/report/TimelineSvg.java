package io.callfarm.report;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * The SVG twin of the PNG in {@link TimelineChart}: same layout, text stays selectable and searchable in a
 * browser and the chart scales without blurring.
 */
final class TimelineSvg {

  private final TimelineLayout l;
  private final StringBuilder out = new StringBuilder(16 * 1024);

  TimelineSvg(TimelineLayout layout) {
    this.l = layout;
  }

  String render() {
    out.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"11\">\n", l.width, l.height, l.width, l.height));
    out.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    text(12, 22, l.timeline.title(), TimelineChart.TEXT, "font-size=\"15\" font-weight=\"bold\"");
    legend();

    List<Lane> lanes = l.timeline.lanes();
    int bottom = l.height - 14;
    for (int i = 0; i < lanes.size(); i++) {
      Lane lane = lanes.get(i);
      int x = TimelineLayout.laneX(i);
      int boxX = x - 18;
      int boxW = TimelineLayout.LANE_W - 16;
      out.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"%s\"/>\n", boxX,
          TimelineLayout.TITLE_H, boxW, TimelineLayout.HEADER_H - 4, hex(TimelineChart.kindColour(lane.kind())),
          hex(TimelineChart.LANE_LINE)));
      text(boxX + 6, TimelineLayout.TITLE_H + 17, lane.deviceId(), TimelineChart.TEXT,
          "font-size=\"12\" font-weight=\"bold\"");
      text(boxX + 6, TimelineLayout.TITLE_H + 34, lane.kind() + " · user " + lane.userId(), TimelineChart.TEXT, "");
      line(x, TimelineLayout.TITLE_H + TimelineLayout.HEADER_H - 4, x, bottom, TimelineChart.LANE_LINE,
          "stroke-width=\"2\"");
    }

    int axisX = TimelineLayout.axisX();
    line(axisX, l.plotTop, axisX, l.plotBottom, TimelineChart.LANE_LINE, "");
    for (TimelineLayout.Tick t : l.ticks) {
      line(axisX - 4, t.y(), axisX, t.y(), TimelineChart.LANE_LINE, "");
      text(axisX - 6, t.y() + 4, t.text(), TimelineChart.TEXT, "text-anchor=\"end\"");
    }
    for (TimelineLayout.Label m : l.marks) {
      Color c = m.emphasised() ? TimelineChart.FAILED : TimelineChart.STEP;
      line(axisX, m.anchorY(), l.width - TimelineLayout.RIGHT_PAD, m.anchorY(), c, "stroke-dasharray=\"6 4\"");
      if (m.y() > m.anchorY()) {
        line(8 + l.textWidth(m.text()) + 3, m.y() - 4, axisX, m.anchorY(), c, "");
      }
      text(8, m.y() - 1, m.text(), c, "");
    }
    for (TimelineLayout.EventBox e : l.events) {
      TimelineLayout.Label lab = e.label();
      int x = TimelineLayout.laneX(e.lane());
      Color c = lab.emphasised() ? TimelineChart.EVENT : TimelineChart.GREY;
      if (lab.y() > lab.anchorY()) {
        line(x, lab.anchorY(), x + TimelineLayout.LABEL_DX - 2, lab.y(), c, "");
      }
      out.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%.1f\" r=\"%d\" fill=\"%s\"/>\n", x,
          lab.anchorY(), TimelineLayout.DOT_R, hex(c)));
      text(x + TimelineLayout.LABEL_DX, lab.y() + 4, lab.text(), lab.emphasised() ? TimelineChart.TEXT : c,
          "stroke=\"#fff\" stroke-width=\"3\" stroke-opacity=\"0.85\" paint-order=\"stroke\"");
    }
    return out.append("</svg>\n").toString();
  }

  /** Same place and entries as the PNG's legend. */
  private void legend() {
    int x = TimelineChart.legendX(l);
    int y = 20;
    out.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>\n", x + 4, y - 4,
        hex(TimelineChart.EVENT)));
    text(x + 12, y, "expected", TimelineChart.TEXT, "");
    out.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/>\n", x + 74, y - 4,
        hex(TimelineChart.GREY)));
    text(x + 82, y, "unexpected", TimelineChart.GREY, "");
    line(x + 160, y - 4, x + 185, y - 4, TimelineChart.STEP, "stroke-dasharray=\"6 4\"");
    text(x + 190, y, "step", TimelineChart.STEP, "");
    line(x + 230, y - 4, x + 255, y - 4, TimelineChart.FAILED, "stroke-dasharray=\"6 4\"");
    text(x + 260, y, "failed step", TimelineChart.FAILED, "");
  }

  private void line(double x1, double y1, double x2, double y2, Color c, String extra) {
    out.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>\n", x1, y1, x2, y2, hex(c), extra));
  }

  private void text(double x, double y, String s, Color c, String extra) {
    out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" %s>%s</text>\n", x, y, hex(c),
        extra, Html.escape(s)));
  }

  private static String hex(Color c) {
    return String.format("#%06x", c.getRGB() & 0xffffff);
  }
}
