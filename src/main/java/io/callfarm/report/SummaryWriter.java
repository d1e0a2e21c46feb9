package io.callfarm.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes {@code summary.json} atomically (temp file, then rename), so a reader never sees half a summary. */
public final class SummaryWriter {

  private SummaryWriter() {}

  /**
   * Writes {@code summary} as pretty JSON to {@link ReportsLayout#summary()} of {@code reportsDir}, creating the
   * directory if needed and replacing an older summary.
   *
   * @return the file written
   */
  public static Path write(Path reportsDir, RunSummary summary) {
    Path target = new ReportsLayout(reportsDir).summary();
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "summary", ".json.tmp");
      Files.writeString(tmp, json(summary));
      return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the run summary to " + target + ": " + e.getMessage()
          + " (check that the reports directory is writable)", e);
    }
  }

  /** The JSON text {@link #write} puts in the file. */
  public static String json(RunSummary summary) {
    try {
      return ReportJson.PRETTY.writeValueAsString(summary) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("run summary did not serialise: " + e.getOriginalMessage(), e);
    }
  }
}
