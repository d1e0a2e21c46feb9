package io.callfarm.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds scenario files from a suite parameter: comma-separated files and folders (*.yaml inside). */
final class ScenarioFiles {
  private ScenarioFiles() {}

  static List<Path> find(String spec) {
    List<Path> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      Path path = Path.of(part.trim());
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.list(path)) {
          files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list scenarios in " + path, e);
        }
      } else if (Files.isRegularFile(path)) {
        out.add(path);
      } else {
        throw new ScenarioException(path + ": no such scenario file or folder (paths are relative to "
            + Path.of("").toAbsolutePath() + ")");
      }
    }
    if (out.isEmpty()) {
      throw new ScenarioException("no scenario files in '" + spec + "'");
    }
    return out;
  }
}
