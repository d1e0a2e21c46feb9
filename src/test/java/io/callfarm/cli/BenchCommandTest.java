package io.callfarm.cli;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

/**
 * {@code callfarm bench media}, {@code quality} and {@code clean-call} refuse bad options (NaN too) with exit code 2
 * and a coded message, before any audio runs.
 */
public class BenchCommandTest {

  @Test
  public void badMediaOptionsAreRefusedWithTheirRange() {
    refused("media", "error invalid_argument: --calls must be 1..400 and --seconds 2..600 (got --calls 0 --seconds "
        + "10.0)", "--calls", "0");
    refused("media", "error invalid_argument: --calls must be 1..400 and --seconds 2..600 (got --calls 401 --seconds "
        + "10.0)", "--calls", "401");
    refused("media", "error invalid_argument: --calls must be 1..400 and --seconds 2..600 (got --calls 5 --seconds "
        + "1.0)", "--calls", "5", "--seconds", "1");
    refused("media", "error invalid_argument: Opus ptime must be 10, 20, 40 or 60 ms, got 30", "--ptime", "30");
    refused("media", "error invalid_argument: Opus maxaveragebitrate must be 6000..510000 bit/s, got 600000",
        "--opus-bitrate", "600000");
    refused("media", "error invalid_argument: receive sides must be 1..16, got 17", "--receive-sides", "17");
  }

  @Test
  public void qualityAndCleanCallRefuseNanAndQualityALengthBeyondItsBound() {
    String quality = "error invalid_argument: --seconds 2.." + BenchCommand.Quality.MAX_QUALITY_SECONDS
        + ", --runs >= 1";
    refused("quality", quality, "--seconds", "NaN");
    refused("quality", quality, "--seconds", "100000");
    refused("quality", quality, "--seconds", "" + (BenchCommand.Quality.MAX_QUALITY_SECONDS + 1));
    String cleanCall = "error invalid_argument: --calls 1..100, --seconds 3..120, --warm-up-ms 0..10000";
    refused("clean-call", cleanCall, "--seconds", "NaN");
    refused("clean-call", cleanCall, "--seconds", "121");
  }

  private static void refused(String bench, String message, String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "bench";
    args[1] = bench;
    System.arraycopy(options, 0, args, 2, options.length);
    Launcher.Outcome outcome = Launcher.run(args);
    assertEquals(outcome.exit(), 2, String.join(" ", args) + ": " + outcome.stderr());
    assertEquals(outcome.stderr().strip(), message);
    assertEquals(outcome.stdout(), "", "nothing measured");
  }
}
