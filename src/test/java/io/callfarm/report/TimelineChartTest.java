package io.callfarm.report;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.testng.annotations.Test;

public class TimelineChartTest {

  private static final Path SAMPLES = Path.of("target", "report-samples");

  @Test
  public void pngHasOneLanePerDeviceAtTheLaidOutPositions() throws IOException {
    CallTimeline t = SampleTimelines.oneToOne();
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(TimelineChart.png(t)));
    TimelineLayout layout = new TimelineLayout(t);
    assertEquals(img.getWidth(), layout.width);
    assertEquals(img.getHeight(), layout.height);
    assertEquals(img.getWidth(), TimelineLayout.GUTTER_W + TimelineLayout.AXIS_W + 2 * TimelineLayout.LANE_W
        + TimelineLayout.RIGHT_PAD);
    int y = (int) layout.y(3500); // between steps and callbacks on both lanes
    for (int lane = 0; lane < 2; lane++) {
      assertEquals(new Color(img.getRGB(TimelineLayout.laneX(lane), y)), TimelineChart.LANE_LINE, "lane " + lane);
    }
    assertEquals(new Color(img.getRGB(TimelineLayout.laneX(1) + TimelineLayout.LANE_W / 2, y)),
        TimelineChart.BACKGROUND, "right of the last lane's line there is nothing at that time");
  }

  @Test
  public void dotsSitAtTheirTimeInTheirColour() throws IOException {
    CallTimeline t = SampleTimelines.oneToOne();
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(TimelineChart.png(t)));
    TimelineLayout layout = new TimelineLayout(t);
    assertEquals(new Color(img.getRGB(TimelineLayout.laneX(1), (int) Math.round(layout.y(42)))),
        TimelineChart.EVENT);
    assertEquals(new Color(img.getRGB(TimelineLayout.laneX(1), (int) Math.round(layout.y(5040)))),
        TimelineChart.GREY, "an unexpected callback is greyed");
  }

  @Test
  public void labelsTooCloseArePushedDownNeverOverlapping() {
    TimelineLayout layout = new TimelineLayout(SampleTimelines.group(3, 60, 7));
    for (int lane = 0; lane < 3; lane++) {
      final int l = lane;
      List<Double> ys = layout.events.stream().filter(e -> e.lane() == l).map(e -> e.label().y()).toList();
      for (int i = 1; i < ys.size(); i++) {
        assertTrue(ys.get(i) - ys.get(i - 1) >= TimelineLayout.LINE_H - 1e-9, "lane " + l + " labels " + ys);
      }
    }
    assertTrue(layout.height >= layout.events.stream().mapToDouble(e -> e.label().y()).max().orElse(0));
  }

  @Test
  public void svgEscapesSignatures() {
    CallTimeline t = new CallTimeline("<x> & y", 0,
        List.of(new Lane("d", "virtual", "u", List.of(new TimedEvent(1, "onX(<a>)", true)))), List.of());
    String svg = TimelineChart.svg(t);
    assertTrue(svg.startsWith("<svg"));
    assertTrue(svg.contains("&lt;x&gt; &amp; y"), svg);
    assertTrue(svg.contains("onX(&lt;a&gt;)"), svg);
  }

  /** Renders the samples a person looks at (target/report-samples); they must stay readable from 2 to 9 lanes. */
  @Test
  public void rendersSamples() throws IOException {
    Files.createDirectories(SAMPLES);
    write("timeline-1v1", SampleTimelines.oneToOne());
    write("timeline-4-lanes-30-events", SampleTimelines.group(4, 30, 1));
    write("timeline-9-lanes-80-events", SampleTimelines.group(9, 80, 2));
    write("timeline-2-lanes-80-events", SampleTimelines.group(2, 80, 3));
  }

  private static void write(String name, CallTimeline t) throws IOException {
    byte[] png = TimelineChart.png(t);
    assertTrue(png.length > 1000);
    Files.write(SAMPLES.resolve(name + ".png"), png);
    Files.writeString(SAMPLES.resolve(name + ".svg"), TimelineChart.svg(t), StandardCharsets.UTF_8);
  }
}
