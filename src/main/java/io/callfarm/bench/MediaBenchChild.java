package io.callfarm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.engine.media.MediaSettings;
import io.callfarm.engine.media.OpusSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The JVM a media benchmark runs in ({@link MediaBench#runInChild}): hundreds of native peer connections are no
 * place for the command that reports on them — a native abort would take the figures with it, and webrtc-java
 * 0.14.0 leaves device-module threads behind that write to standard output as the JVM exits. Runs the benchmark
 * given by its arguments, writes the figures as JSON to the file named last, and exits; it also exits, at once,
 * when its standard input closes (the parent ended, however it ended), so it never outlives the command.
 */
public final class MediaBenchChild {

  private MediaBenchChild() {
  }

  /** Arguments: calls seconds mic network receiveSides ptimeMs bitrateBps dtx outputFile (from the parent). */
  public static void main(String[] args) throws Exception {
    if (args.length != 9) {
      System.err.println("usage: MediaBenchChild CALLS SECONDS MIC NETWORK SIDES PTIME BITRATE DTX OUT "
          + "(started by ./callfarm bench media, not by hand)");
      System.exit(2);
    }
    Thread watchdog = new Thread(() -> awaitEndOfInput(System.in), "callfarm-bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    MediaBench bench = parse(args);
    MediaBench.Figures figures = bench.run();
    new ObjectMapper().writeValue(Path.of(args[8]).toFile(), figures);
    System.exit(0);
  }

  /** The benchmark {@link MediaBench#childCommand} describes in its last nine arguments (the output file last). */
  static MediaBench parse(String[] args) {
    MediaSettings media = MediaSettings.defaults().withReceiveSides(Integer.parseInt(args[4]))
        .withOpus(new OpusSettings(Integer.parseInt(args[5]), Integer.parseInt(args[6]),
            Boolean.parseBoolean(args[7])));
    return new MediaBench(Integer.parseInt(args[0]), Double.parseDouble(args[1]), MediaBench.Mic.valueOf(args[2]),
        media, MediaBench.Network.valueOf(args[3]));
  }

  private static void awaitEndOfInput(InputStream in) {
    try {
      while (in.read() >= 0) {
        // the parent never writes; reading only detects its end
      }
    } catch (IOException e) {
      // a broken pipe is an end too
    }
    Runtime.getRuntime().halt(3);
  }
}
