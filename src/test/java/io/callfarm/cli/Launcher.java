package io.callfarm.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the {@code callfarm} launcher in this JVM as a user runs it, keeping a copy of what it printed on standard
 * output (still shown on the real console) so a test can check what the user reads. One run at a time: it swaps
 * {@link System#out} while the command runs.
 */
public final class Launcher {
  /** @param stdout everything the command printed on standard output, UTF-8 */
  public record Outcome(int exit, String stdout) {}

  private Launcher() {}

  public static synchronized Outcome run(String... args) {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new CallFarm()).execute(args);
      System.out.flush();
      return new Outcome(exit, copy.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
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
