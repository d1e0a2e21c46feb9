package io.callfarm.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.scratch.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.testng.annotations.Test;

public class ModelJsonTest {

  @Test
  public void timelineRoundTripsThroughJson() throws Exception {
    CallTimeline t = SampleTimelines.oneToOne();
    String json = ReportJson.MAPPER.writeValueAsString(t);
    assertTrue(json.contains("\"signature\":\"onInvited(alice,[bob],false)\""), json);
    assertTrue(json.contains("\"startEpochMillis\":1764000000000"), json);
    assertEquals(ReportJson.MAPPER.readValue(json, CallTimeline.class), t);
  }

  @Test
  public void summaryJsonKeepsNullMetricsAsNull() throws Exception {
    RunSummary s = new RunSummary(3, 2, 1, 0, 1234, List.of(
        new CallMetrics("c1", "reject-fanout", List.of("a", "b"), 210.0, null, 4.1, null, 0.5, 3.2)));
    String json = SummaryWriter.json(s);
    assertTrue(json.contains("\"mouthToEarMs\" : null"), json);
    assertTrue(json.contains("\n"), "pretty-printed");
    assertEquals(ReportJson.MAPPER.readValue(json, RunSummary.class), s);
  }

  @Test
  public void callFilesHoldChartAndData() throws Exception {
    Path dir = CallFiles.writeTimeline(new ReportsLayout(Scratch.folder("reports")), "call/1",
        SampleTimelines.oneToOne());
    assertEquals(dir.getFileName().toString(), "call_1");
    assertEquals(ReportJson.MAPPER.readValue(dir.resolve("timeline.json").toFile(), CallTimeline.class),
        SampleTimelines.oneToOne());
    assertTrue(Files.size(dir.resolve("timeline.png")) > 1000);
    assertTrue(Files.readString(dir.resolve("timeline.svg")).startsWith("<svg"));
  }

  @Test(expectedExceptions = IllegalArgumentException.class,
      expectedExceptionsMessageRegExp = "event needs atMillis >= 0 and a signature, got -1, onX\\(\\)")
  public void negativeTimesAreRejectedWithTheValue() {
    new TimedEvent(-1, "onX()", true);
  }

  @Test
  public void listsAreCopiedSoLaterChangesDoNotLeakIn() {
    TimedEvent[] events = {new TimedEvent(1, "a", true)};
    List<TimedEvent> backing = Arrays.asList(events);
    Lane lane = new Lane("d", "virtual", "u", backing);
    events[0] = new TimedEvent(2, "b", true);
    assertEquals(lane.events().get(0).signature(), "a");
  }
}
