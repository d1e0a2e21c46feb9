package io.callfarm.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the {@code callfarm} launcher in this JVM as a user runs it, keeping a copy of what it printed on standard
 * output and standard error (still shown on the real console) so a test can check what the user reads. One run at a
 * time: it swaps {@link System#out} and {@link System#err} while the command runs.
 */
public final class Launcher {
  /**
   * @param stdout everything the command printed on standard output, UTF-8
   * @param stderr everything it printed on standard error (picocli's messages, refusals), UTF-8
   */
  public record Outcome(int exit, String stdout, String stderr) {}

  private Launcher() {}

  public static synchronized Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(new Tee(originalOut, out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr, err), true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new CallFarm()).execute(args);
      System.out.flush();
      System.err.flush();
      return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
