package io.callfarm.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callfarm.quality.Wav;
import io.callfarm.report.Attachments;
import io.callfarm.report.AudioEvidence;
import io.callfarm.report.CallFiles;
import io.callfarm.report.CallMetrics;
import io.callfarm.report.CallTimeline;
import io.callfarm.report.Lane;
import io.callfarm.report.Mark;
import io.callfarm.report.ReportsLayout;
import io.callfarm.report.SummaryCollector;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a scenario run into report material: each step an Allure step; per scenario the swim-lane
 * timeline (PNG + JSON, also under {@code reports/calls/<scenario>/}), the recordings with waveform
 * and spectrogram and their evidence (the reference as placed and the analysis JSON, saved beside them), the metrics table, a JSON record under {@code reports/scenarios/}, and the call's
 * figures for {@code reports/summary.json}.
 */
final class ScenarioReporter {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private final ReportsLayout layout;
  private final Path scenarios;

  ScenarioReporter(Path reportsDir) throws IOException {
    this.layout = new ReportsLayout(reportsDir);
    this.scenarios = Files.createDirectories(reportsDir.resolve("scenarios"));
  }

  ScenarioRunner.StepWrapper stepWrapper() {
    return new ScenarioRunner.StepWrapper() {
      @Override
      public void run(String name, Runnable body) {
        Allure.step(name, body::run);
      }

      @Override
      public void note(String text) {
        Allure.step(text); // a sub-step of the running step: the no-op shows where it happened
      }
    };
  }

  void report(ScenarioResult result) {
    String id = Path.of(result.file()).getFileName().toString().replaceFirst("\\.ya?ml$", "");
    CallTimeline timeline = timeline(result);
    Attachments.timeline(timeline);
    CallFiles.writeTimeline(layout, id, timeline);
    for (AudioProbe.Measurement m : result.audio()) {
      String name = m.device() + " hears " + m.from();
      Attachments.recording(name + " (recording: " + m.recording().getFileName() + ")", m.recording());
      Attachments.evidence(name, new AudioEvidence.Saved(m.reference(), m.analysis()));
      Attachments.plots(name, Wav.read(m.recording()));
    }
    CallMetrics metrics = metrics(id, result);
    Attachments.metrics(List.of(metrics));
    SummaryCollector.record(metrics);
    try {
      JSON.writeValue(scenarios.resolve(id + ".json").toFile(), result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scenario record: " + e.getMessage(), e);
    }
  }

  private static CallTimeline timeline(ScenarioResult result) {
    List<Lane> lanes = new ArrayList<>();
    for (Map.Entry<String, String> device : result.devices().entrySet()) {
      String[] idAndKind = device.getValue().split(" \\(");
      lanes.add(new Lane(idAndKind[0], idAndKind[1].replace(")", ""), device.getKey(),
          result.timelines().get(device.getKey())));
    }
    List<Mark> marks = result.steps().stream()
        .map(s -> new Mark(s.startMs(), "L" + s.line() + " " + s.description()
            + (s.note() == null ? "" : " (" + s.note() + ")"), !s.passed()))
        .toList();
    return new CallTimeline(result.name(), result.startEpochMillis(), lanes, marks);
  }

  private static CallMetrics metrics(String id, ScenarioResult result) {
    AudioProbe.Measurement first = result.audio().isEmpty() ? null : result.audio().get(0);
    return new CallMetrics(id, result.name(), List.copyOf(result.devices().values()),
        result.setupLatencyMs(),
        first == null ? null : first.report().delayMs(),
        first == null ? null : first.report().mosLqo(),
        first == null ? null : first.eModelMos(),
        first == null ? null : first.lossPercent(),
        first == null ? null : first.jitterMs());
  }
}
