package io.callfarm.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Writes a run's report files: {@code summary.json} (the {@link LoadReport}, durations in seconds),
 * {@code timeseries.csv} (one {@link Sample} per second) and one PNG line chart per metric.
 */
public final class ReportFiles {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .registerModule(new SimpleModule().addSerializer(java.time.Duration.class,
          new StdSerializer<>(java.time.Duration.class) {
            @Override
            public void serialize(java.time.Duration value, JsonGenerator gen,
                SerializerProvider provider) throws IOException {
              gen.writeNumber(LoadProfile.seconds(value));
            }
          }));

  private record Chart(String file, String title, ToDoubleFunction<Sample> metric) {}

  private static final List<Chart> CHARTS = List.of(
      new Chart("cps.png", "calls placed per second", Sample::cps),
      new Chart("concurrent.png", "calls in progress", Sample::concurrent),
      new Chart("p99_invite_ms.png", "p99 invite -> onInvited per second (ms)",
          Sample::p99InviteMs),
      new Chart("cpu.png", "process CPU load (share of all cores)", s -> Math.max(0, s.cpu())),
      new Chart("heap_mb.png", "heap in use (MiB)", Sample::heapMb));

  private ReportFiles() {}

  /** The files {@link #write} creates in {@code dir}. */
  static List<String> names(Path dir) {
    List<String> names = new ArrayList<>();
    names.add(dir.resolve("summary.json").toString());
    names.add(dir.resolve("timeseries.csv").toString());
    CHARTS.forEach(c -> names.add(dir.resolve(c.file()).toString()));
    return names;
  }

  static void write(LoadReport report, List<Sample> samples, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.json"), json(report) + System.lineSeparator());
    List<String> lines = new ArrayList<>();
    lines.add(Sample.CSV_HEADER);
    samples.forEach(s -> lines.add(s.csv()));
    Files.write(dir.resolve("timeseries.csv"), lines);
    double[] xs = samples.stream().mapToDouble(Sample::t).toArray();
    for (Chart chart : CHARTS) {
      LineChart.write(dir.resolve(chart.file()), chart.title(), xs,
          samples.stream().mapToDouble(chart.metric()).toArray());
    }
  }

  /** The report as pretty-printed JSON, with {@code passed} added. */
  public static String json(LoadReport report) {
    ObjectNode tree = JSON.valueToTree(report);
    tree.put("passed", report.passed());
    try {
      return JSON.writeValueAsString(tree);
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the load report as JSON: " + e.getMessage(), e);
    }
  }
}
