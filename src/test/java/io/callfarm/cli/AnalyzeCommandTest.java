package io.callfarm.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Wav;
import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;
import picocli.CommandLine;

public class AnalyzeCommandTest {

  private Path dir;
  private Path ref;
  private Path deg;

  @BeforeClass
  public void writePair() throws IOException {
    dir = Scratch.folder("analyze-test");
    float[] r = new float[32000];
    float[] d = new float[32000 + 1600];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) (0.2 * Math.sin(2 * Math.PI * 300 * i / 16000.0) * (1 + Math.sin(2 * Math.PI * 3 * i / 16000.0)));
      d[i + 1600] = r[i] * 0.5f; // 100 ms later, -6 dB
    }
    ref = dir.resolve("ref.wav");
    deg = dir.resolve("deg.wav");
    Wav.write(ref, new PcmAudio(16000, r));
    Wav.write(deg, new PcmAudio(16000, d));
  }

  @AfterClass(alwaysRun = true)
  public void deletePair() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Test
  public void printsJsonWithEveryMetricAndTheEModel() throws IOException {
    Result r = run("analyze", "--ref", ref.toString(), "--deg", deg.toString(), "--json", "--loss", "1",
        "--rtt-ms", "80", "--codec", "g711-plc");
    assertEquals(r.exit, 0, r.err);
    JsonNode json = new ObjectMapper().readTree(r.out);
    for (String field : new String[] {"delayMs", "mosLqo", "snrDb", "segmentalSnrDb", "refLevelDbov",
        "degLevelDbov", "clipping", "silenceShare", "mutedSpans", "lostFrameShare", "sampleRate"}) {
      assertTrue(json.has(field), field + " missing in " + r.out);
    }
    assertEquals(json.get("delayMs").asDouble(), 100.0, 2.0);
    assertEquals(json.get("gainDb").asDouble(), -6.02, 0.05);
    assertEquals(json.get("sampleRate").asInt(), 16000);
    assertEquals(json.get("eModel").get("oneWayDelayMs").asDouble(), 40 + 20, 1e-9);
    assertTrue(json.get("eModel").get("mosCqe").asDouble() < 4.41);
  }

  @Test
  public void printsTextByDefault() {
    Result r = run("analyze", "--ref", ref.toString(), "--deg", deg.toString());
    assertEquals(r.exit, 0, r.err);
    assertTrue(r.out.contains("mosLqo") && r.out.contains("delayMs           100.00 (range 100.00..100.00"), r.out);
    assertFalse(r.out.contains("eModelMos"), "no E-model without network options: " + r.out);
  }

  @Test
  public void badInputsPrintACodeAndNoStackTrace() throws IOException {
    Path notWav = dir.resolve("notes.txt");
    Files.writeString(notWav, "not audio");
    Result r = run("analyze", "--ref", notWav.toString(), "--deg", deg.toString());
    assertEquals(r.exit, AnalyzeCommand.EXIT_ANALYSIS_ERROR);
    assertTrue(r.err.startsWith("error not_wav: "), r.err);
    assertFalse(r.err.contains("\tat "), r.err);

    Result codec = run("analyze", "--ref", ref.toString(), "--deg", deg.toString(), "--codec", "amr");
    assertEquals(codec.exit, AnalyzeCommand.EXIT_ANALYSIS_ERROR);
    assertTrue(codec.err.startsWith("error invalid_argument: unknown codec 'amr'"), codec.err);

    Result missing = run("analyze", "--ref", dir.resolve("nope.wav").toString(), "--deg", deg.toString());
    assertTrue(missing.err.startsWith("error io: "), missing.err);
  }

  @Test
  public void aDeviceAndAFileOverTheBoundAreRefusedBeforeReading() throws IOException {
    Result device = run("analyze", "--ref", "/dev/zero", "--deg", deg.toString());
    assertEquals(device.exit, AnalyzeCommand.EXIT_ANALYSIS_ERROR, device.err);
    assertTrue(device.err.startsWith("error io: /dev/zero: not a regular file"), device.err);

    Path huge = dir.resolve("huge.wav");
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(Wav.MAX_BYTES + 1); // sparse: no disk used, and never read
    }
    Result tooLong = run("analyze", "--ref", ref.toString(), "--deg", huge.toString());
    assertEquals(tooLong.exit, AnalyzeCommand.EXIT_ANALYSIS_ERROR, tooLong.err);
    assertTrue(tooLong.err.startsWith("error too_long: " + huge + ": " + (Wav.MAX_BYTES + 1) + " bytes, more than "
        + "the " + Wav.MAX_BYTES), tooLong.err);
    Files.delete(huge);
  }

  private record Result(int exit, String out, String err) {
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new CallFarm()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
