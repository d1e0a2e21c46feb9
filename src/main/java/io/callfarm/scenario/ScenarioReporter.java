package io.callfarm.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns scenario results into report material: per scenario a JSON record under
 * {@code reports/scenarios/}, and each step as a report step.
 */
final class ScenarioReporter {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();
  private final Path dir;

  ScenarioReporter(Path reportsDir) throws IOException {
    this.dir = Files.createDirectories(reportsDir.resolve("scenarios"));
  }

  ScenarioRunner.StepWrapper stepWrapper() {
    return (name, body) -> body.run();
  }

  void report(ScenarioResult result) {
    try {
      String fileName = Path.of(result.file()).getFileName().toString().replace(".yaml", ".json");
      JSON.writeValue(dir.resolve(fileName).toFile(), result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scenario record: " + e.getMessage(), e);
    }
  }
}
