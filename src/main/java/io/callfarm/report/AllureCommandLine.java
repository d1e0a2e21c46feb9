package io.callfarm.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Allure command line (a zip on Maven Central, pinned to {@value #VERSION}), fetched once with
 * {@code mvn dependency:copy} into a work directory and unpacked there; later runs find it and need no network
 * (Maven's local repository also caches the zip). Not thread-safe: one report generation at a time per work
 * directory.
 */
final class AllureCommandLine {

  static final String VERSION = "2.34.1";
  static final String ARTIFACT = "io.qameta.allure:allure-commandline:" + VERSION + ":zip";
  static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

  private final Path workDir;

  /** @param workDir where the zip and the unpacked {@code allure-VERSION/} go, e.g. {@code target/allure} */
  AllureCommandLine(Path workDir) {
    this.workDir = workDir.toAbsolutePath();
  }

  /** The {@code bin/allure} launcher, fetching and unpacking the distribution first if needed. */
  Path launcher() {
    Path launcher = workDir.resolve("allure-" + VERSION).resolve("bin").resolve("allure");
    if (Files.isExecutable(launcher)) {
      return launcher;
    }
    Path zip = workDir.resolve("allure-commandline-" + VERSION + ".zip");
    if (!Files.isRegularFile(zip)) {
      fetch();
    }
    unzip(zip);
    if (!launcher.toFile().setExecutable(true) || !Files.isExecutable(launcher)) {
      throw new AllureReportException("unpacked " + zip + " but " + launcher + " is missing or cannot be made"
          + " executable; delete " + workDir + " and retry");
    }
    return launcher;
  }

  private void fetch() {
    List<String> command = List.of("mvn", "-B", "-q", "dependency:copy", "-Dartifact=" + ARTIFACT,
        "-DoutputDirectory=" + workDir);
    ProcessRun.Result r = ProcessRun.run(command, workDir, Map.of(), FETCH_TIMEOUT);
    if (r.exitCode() != 0) {
      throw new AllureReportException("could not fetch " + ARTIFACT + " with `" + String.join(" ", command)
          + "` (exit " + r.exitCode() + "); it needs Maven on PATH and Maven Central reachable once (or the zip"
          + " in ~/.m2). Output:\n" + r.output());
    }
  }

  private void unzip(Path zip) {
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        Path to = workDir.resolve(e.getName()).normalize();
        if (!to.startsWith(workDir)) {
          throw new AllureReportException(zip + " has an entry outside its directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(z, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack " + zip + ": " + e.getMessage() + "; delete it to fetch"
          + " it again", e);
    }
  }
}
