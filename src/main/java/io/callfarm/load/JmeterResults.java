package io.callfarm.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a JMeter results file in CSV ({@code jmeter.save.saveservice.output_format=csv},
 * header line first): the columns a CallFarm run reads. Fields are quoted as JMeter quotes them
 * (double quotes, doubled inside).
 */
final class JmeterResults {
  private JmeterResults() {}

  /**
   * One sample.
   *
   * @param timeStamp start, epoch ms (for a call: its {@code call()})
   * @param elapsed ms; latency and connect ms
   */
  record Row(long timeStamp, long elapsed, String label, String responseCode, String responseMessage,
      boolean success, long latency, long connect) {}

  /**
   * @throws IOException when the file cannot be read or lacks a column
   */
  static List<Row> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(csv + " is empty: JMeter wrote no samples");
    }
    List<String> header = split(lines.get(0));
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      at.put(header.get(i), i);
    }
    for (String column : List.of("timeStamp", "elapsed", "label", "responseCode", "responseMessage",
        "success", "Latency", "Connect")) {
      if (!at.containsKey(column)) {
        throw new IOException(csv + " has no column " + column + " (header: " + header + ")");
      }
    }
    List<Row> rows = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : lines.subList(1, lines.size())) {
      pending.append(pending.length() > 0 ? "\n" : "").append(line);
      if (openQuote(pending)) {
        continue; // a quoted field spans lines
      }
      List<String> f = split(pending.toString());
      pending.setLength(0);
      if (f.size() < header.size()) {
        throw new IOException(csv + ": a row has " + f.size() + " fields, the header "
            + header.size());
      }
      rows.add(new Row(Long.parseLong(f.get(at.get("timeStamp"))),
          Long.parseLong(f.get(at.get("elapsed"))), f.get(at.get("label")),
          f.get(at.get("responseCode")), f.get(at.get("responseMessage")),
          Boolean.parseBoolean(f.get(at.get("success"))), Long.parseLong(f.get(at.get("Latency"))),
          Long.parseLong(f.get(at.get("Connect")))));
    }
    return rows;
  }

  private static boolean openQuote(CharSequence s) {
    int quotes = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '"') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }

  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }
}
