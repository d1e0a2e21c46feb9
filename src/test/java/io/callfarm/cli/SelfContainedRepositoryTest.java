package io.callfarm.cli;

import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.testng.annotations.Test;

/**
 * A fresh clone must work on its own: no file of the project may name the hand-over folder beside it or any
 * absolute path of a development machine (speech, calibration data and everything else live in the repository).
 */
public class SelfContainedRepositoryTest {

  /** Directories that hold generated or installed content, not the project's files. */
  private static final Set<String> GENERATED = Set.of(".git", "target", "reports", "node_modules", ".appium");
  private static final List<String> FORBIDDEN = List.of(
      ".." + "/shared", "/work" + "/", "/root" + "/", "/home" + "/");

  @Test
  public void noProjectFileReadsOutsideTheRepository() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    assertTrue(Files.exists(root.resolve("pom.xml")), "run from the project root, as Maven does: " + root);
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile)
          .filter(p -> root.relativize(p).getNameCount() > 0 && !generated(root.relativize(p)))
          .filter(SelfContainedRepositoryTest::isText)
          .forEach(p -> scan(root, p, offenders));
    }
    assertTrue(offenders.isEmpty(), "files naming paths outside the repository:\n" + String.join("\n", offenders));
  }

  private static boolean generated(Path relative) {
    for (Path part : relative) {
      if (GENERATED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isText(Path p) {
    String name = p.getFileName().toString();
    return !name.endsWith(".wav") && !name.endsWith(".png") && !name.endsWith(".jar") && !name.endsWith(".db")
        && !name.endsWith(".opus");
  }

  private static void scan(Path root, Path file, List<String> offenders) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        for (String bad : FORBIDDEN) {
          if (lines.get(i).contains(bad)) {
            offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
          }
        }
      }
    } catch (java.nio.charset.MalformedInputException e) {
      // not UTF-8 text (a binary fixture): nothing to read paths from
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
