package io.callfarm.cli;

import static org.testng.Assert.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.testng.annotations.Test;
import picocli.CommandLine;

/** {@code callfarm bench media} refuses bad options with exit code 2 and a coded message, before any audio runs. */
public class BenchCommandTest {

  @Test
  public void badMediaOptionsAreRefusedWithTheirRange() {
    assertRefused("error invalid_argument: --calls must be 1..400 and --seconds 2..600 (got --calls 0 --seconds "
        + "10.0)", "--calls", "0");
    assertRefused("error invalid_argument: --calls must be 1..400 and --seconds 2..600 (got --calls 401 --seconds "
        + "10.0)", "--calls", "401");
    assertRefused("error invalid_argument: --calls must be 1..400 and --seconds 2..600 (got --calls 5 --seconds "
        + "1.0)", "--calls", "5", "--seconds", "1");
    assertRefused("error invalid_argument: Opus ptime must be 10, 20, 40 or 60 ms, got 30", "--ptime", "30");
    assertRefused("error invalid_argument: Opus maxaveragebitrate must be 6000..510000 bit/s, got 600000",
        "--opus-bitrate", "600000");
    assertRefused("error invalid_argument: receive sides must be 1..16, got 17", "--receive-sides", "17");
  }

  private static void assertRefused(String message, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "bench";
    args[1] = "media";
    System.arraycopy(options, 0, args, 2, options.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new CallFarm()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    assertEquals(exit, 2, String.join(" ", args) + ": " + err);
    assertEquals(err.toString().strip(), message);
    assertEquals(out.toString(), "", "nothing measured");
  }
}
