package io.callfarm.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The matrix as files and text: {@code matrix.json} ({@code {flavours, scenarios, cells:[{caller, callee,
 * scenario, verdict, detail}]}} — field names are a contract), {@code matrix.html} (a table per caller
 * flavour × callee flavour, every scenario's verdict in each cell, the details on hover), {@code matrix.png}
 * (the same grid as coloured squares) and a one-screen console summary.
 *
 * @param flavours   the flavours, in matrix order
 * @param scenarios  the scenario names, in order
 * @param cells      every cell, in flavour and scenario order
 * @param wallSeconds how long the whole matrix took
 */
record MatrixReport(List<String> flavours, List<String> scenarios, List<Cell> cells, double wallSeconds) {

  private static final Map<Cell.Verdict, Color> COLOURS = new EnumMap<>(Map.of(
      Cell.Verdict.WORKS, new Color(0x2e7d32), Cell.Verdict.DIVERGES, new Color(0xef8f00),
      Cell.Verdict.FAILS, new Color(0xc62828), Cell.Verdict.ERROR, new Color(0x616161)));

  /** The cells of one caller/callee pair, in scenario order. */
  List<Cell> pair(String caller, String callee) {
    List<Cell> out = new ArrayList<>();
    for (String s : scenarios) {
      cells.stream().filter(c -> c.caller().equals(caller) && c.callee().equals(callee) && c.scenario().equals(s))
          .findFirst().ifPresent(out::add);
    }
    return out;
  }

  /** How many cells got each verdict. */
  Map<Cell.Verdict, Long> counts() {
    Map<Cell.Verdict, Long> out = new EnumMap<>(Cell.Verdict.class);
    for (Cell.Verdict v : Cell.Verdict.values()) {
      out.put(v, cells.stream().filter(c -> c.verdict() == v).count());
    }
    return out;
  }

  /** Writes matrix.json, matrix.html and matrix.png into {@code dir} (created). */
  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("matrix.json").toFile(),
          Map.of("flavours", flavours, "scenarios", scenarios, "cells", cells, "wallSeconds", wallSeconds,
              "counts", countsById()));
      Files.writeString(dir.resolve("matrix.html"), html(), StandardCharsets.UTF_8);
      Files.write(dir.resolve("matrix.png"), png());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the matrix into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** {@link #counts()} keyed by each verdict's id ({@code works}, ...), in verdict order. */
  private Map<String, Long> countsById() {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    counts().forEach((verdict, n) -> out.put(verdict.id(), n));
    return out;
  }

  /** The console summary: the grid (W works, D diverges, F fails, E error, per scenario in order) and counts. */
  String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "interop matrix: %d cells in %.0f s; scenarios in each cell: %s%n",
        cells.size(), wallSeconds, String.join(", ", scenarios)));
    int width = Math.max(12, scenarios.size() + 2);
    b.append(String.format(Locale.ROOT, "%-17s", "caller \\ callee"));
    flavours.forEach(f -> b.append(String.format(Locale.ROOT, "%-" + width + "s", f)));
    b.append('\n');
    for (String caller : flavours) {
      b.append(String.format(Locale.ROOT, "%-17s", caller));
      for (String callee : flavours) {
        StringBuilder marks = new StringBuilder();
        pair(caller, callee).forEach(c -> marks.append(c.verdict().name().charAt(0)));
        b.append(String.format(Locale.ROOT, "%-" + width + "s", marks));
      }
      b.append('\n');
    }
    Map<Cell.Verdict, Long> counts = counts();
    b.append(String.format(Locale.ROOT, "works %d, diverges %d, fails %d, error %d%n", counts.get(Cell.Verdict.WORKS),
        counts.get(Cell.Verdict.DIVERGES), counts.get(Cell.Verdict.FAILS), counts.get(Cell.Verdict.ERROR)));
    return b.toString();
  }

  String html() {
    StringBuilder b = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Interop matrix"
        + "</title><style>body{font:13px sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
        + "padding:4px;vertical-align:top}span{display:inline-block;width:14px;height:14px;margin:1px;"
        + "border-radius:2px}</style></head><body><h1>Interop matrix</h1><p>Rows: caller flavour; columns: callee "
        + "flavour; each square one scenario (");
    b.append(escape(String.join(", ", scenarios))).append("): <b style=\"color:#2e7d32\">works</b>, "
        + "<b style=\"color:#ef8f00\">diverges</b>, <b style=\"color:#c62828\">fails</b>. Hover a square for "
        + "details.</p><table><tr><th>caller \\ callee</th>");
    flavours.forEach(f -> b.append("<th>").append(escape(f)).append("</th>"));
    b.append("</tr>");
    for (String caller : flavours) {
      b.append("<tr><th>").append(escape(caller)).append("</th>");
      for (String callee : flavours) {
        b.append("<td>");
        for (Cell c : pair(caller, callee)) {
          b.append("<span title=\"").append(escape(c.scenario() + ": " + c.verdict().id()
              + (c.detail().isEmpty() ? "" : " — " + c.detail()))).append("\" style=\"background:")
              .append(String.format("#%06x", COLOURS.get(c.verdict()).getRGB() & 0xffffff)).append("\"></span>");
        }
        b.append("</td>");
      }
      b.append("</tr>");
    }
    b.append("</table><h2>Cells that do not work</h2><ul>");
    for (Cell c : cells) {
      if (c.verdict() != Cell.Verdict.WORKS) {
        b.append("<li><b>").append(escape(c.caller() + " → " + c.callee() + ", " + c.scenario())).append("</b>: ")
            .append(c.verdict().id()).append(" — ").append(escape(c.detail())).append("</li>");
      }
    }
    return b.append("</ul></body></html>").toString();
  }

  byte[] png() throws IOException {
    int square = 16;
    int cellWidth = scenarios.size() * (square + 2) + 10;
    int left = 110;
    int top = 60;
    int rowHeight = square + 16;
    int width = left + flavours.size() * cellWidth + 10;
    List<String> legend = legendLines(width / 7);
    BufferedImage img = new BufferedImage(width, top + flavours.size() * rowHeight + 30 + 16 * legend.size(),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString("Interop matrix (rows: caller, columns: callee)", 10, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int j = 0; j < flavours.size(); j++) {
      g.drawString(flavours.get(j), left + j * cellWidth, top - 10);
    }
    for (int i = 0; i < flavours.size(); i++) {
      int y = top + i * rowHeight;
      g.setColor(Color.BLACK);
      g.drawString(flavours.get(i), 10, y + square - 2);
      for (int j = 0; j < flavours.size(); j++) {
        List<Cell> pair = pair(flavours.get(i), flavours.get(j));
        for (int k = 0; k < pair.size(); k++) {
          g.setColor(COLOURS.get(pair.get(k).verdict()));
          g.fillRect(left + j * cellWidth + k * (square + 2), y, square, square);
        }
      }
    }
    int y = top + flavours.size() * rowHeight + 8;
    int x = 10;
    for (Cell.Verdict v : Cell.Verdict.values()) {
      g.setColor(COLOURS.get(v));
      g.fillRect(x, y, 12, 12);
      g.setColor(Color.DARK_GRAY);
      g.drawString(v.id(), x + 16, y + 11);
      x += 100;
    }
    for (String line : legend) {
      y += 16;
      g.drawString(line, 10, y + 11);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** "squares, left to right: 1 accept, 2 ..." wrapped at {@code chars} characters a line. */
  private List<String> legendLines(int chars) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder("squares, left to right:");
    for (int i = 0; i < scenarios.size(); i++) {
      String item = " " + (i + 1) + " " + scenarios.get(i) + (i + 1 < scenarios.size() ? "," : "");
      if (line.length() + item.length() > chars) {
        lines.add(line.toString());
        line = new StringBuilder(" ");
      }
      line.append(item);
    }
    lines.add(line.toString());
    return lines;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
