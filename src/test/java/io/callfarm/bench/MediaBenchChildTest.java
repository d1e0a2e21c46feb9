package io.callfarm.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.callfarm.engine.media.MediaSettings;
import io.callfarm.engine.media.OpusSettings;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.Test;

/** What the parent of a media benchmark hands its child JVM, and that the child reads back the same benchmark. */
public class MediaBenchChildTest {

  private static final Path OUT = Path.of("/tmp/figures.json");

  private static MediaBench bench() {
    return new MediaBench(73, 12.5, MediaBench.Mic.SPEECH, MediaSettings.defaults().withReceiveSides(3)
        .withOpus(new OpusSettings(60, 24_000, true)), MediaBench.Network.FABRIC);
  }

  @Test
  public void theChildReadsBackTheBenchmarkItWasGiven() {
    List<String> command = bench().childCommand(null, OUT);
    String[] args = command.subList(command.size() - 9, command.size()).toArray(String[]::new);
    assertEquals(args[8], OUT.toString());
    assertEquals(MediaBenchChild.parse(args), bench());
    assertEquals(command.get(command.size() - 10), MediaBenchChild.class.getName());
    MediaBench other = new MediaBench(1, 2, MediaBench.Mic.TONE, MediaSettings.defaults(),
        MediaBench.Network.DIRECT);
    List<String> otherCommand = other.childCommand(null, OUT);
    assertEquals(MediaBenchChild.parse(otherCommand.subList(otherCommand.size() - 9, otherCommand.size())
        .toArray(String[]::new)), other);
  }

  @Test
  public void parallelGcUnlessTheOptionsChooseACollector() {
    List<String> plain = bench().childCommand(null, OUT);
    assertEquals(plain.get(1), "-XX:+UseParallelGC");
    List<String> profiled = bench().childCommand("  -XX:StartFlightRecording=filename=/tmp/x.jfr   -Xmx1g ", OUT);
    assertEquals(profiled.subList(1, 4),
        List.of("-XX:+UseParallelGC", "-XX:StartFlightRecording=filename=/tmp/x.jfr", "-Xmx1g"));
    List<String> g1 = bench().childCommand("-XX:+UseG1GC", OUT);
    assertEquals(g1.get(1), "-XX:+UseG1GC");
    assertFalse(g1.contains("-XX:+UseParallelGC"), "the options' collector replaces the default");
    assertTrue(g1.get(0).endsWith("/bin/java"), g1.get(0));
  }
}
