package io.callfarm.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a call's report files on disk under {@link ReportsLayout#call(String)} as well as in Allure, so they
 * survive a report regeneration and CI can archive them: {@code timeline.png}, {@code timeline.svg},
 * {@code timeline.json}. Recordings and plots go to the same directory, named by the caller.
 */
public final class CallFiles {

  private CallFiles() {}

  /**
   * Writes the timeline's chart (PNG and SVG) and data (JSON) into the call's directory, creating it.
   *
   * @return the call's directory
   */
  public static Path writeTimeline(ReportsLayout layout, String callId, CallTimeline timeline) {
    Path dir = layout.call(callId);
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("timeline.png"), TimelineChart.png(timeline));
      Files.writeString(dir.resolve("timeline.svg"), TimelineChart.svg(timeline), StandardCharsets.UTF_8);
      ReportJson.PRETTY.writeValue(dir.resolve("timeline.json").toFile(), timeline);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the timeline of call " + callId + " to " + dir + ": "
          + e.getMessage() + " (check that the reports directory is writable)", e);
    }
  }
}
