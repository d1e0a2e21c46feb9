package io.callfarm.load;

import static org.testng.Assert.assertTrue;

import io.callfarm.scratch.Scratch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testng.annotations.Test;

/**
 * The engine child process never outlives the load command: {@code ./callfarm load} runs as its own
 * JVM here, and once its engine child is up the command is stopped — by SIGTERM (what Ctrl-C's
 * shutdown path runs) and by SIGKILL (no shutdown hook at all: the child sees its input close).
 */
@Test(groups = "integration", timeOut = 120_000)
public class EngineChildIT {
  private static final Pattern CHILD = Pattern.compile("engine child process (\\d+) at ws://");

  @Test
  public void sigtermOfTheLoadCommandStopsTheEngine() throws Exception {
    stopLoadCommandAndAwaitEngineExit(false);
  }

  @Test
  public void sigkillOfTheLoadCommandStopsTheEngine() throws Exception {
    stopLoadCommandAndAwaitEngineExit(true);
  }

  private static void stopLoadCommandAndAwaitEngineExit(boolean kill) throws Exception {
    Path out = Scratch.folder("callfarm-engine-child-it");
    Process load = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), "io.callfarm.cli.CallFarm",
        "load", "--users", "10", "--cps", "1", "--duration", "60", "--out", out.toString())
        .redirectErrorStream(true).start();
    try {
      long engine = awaitEngine(load);
      ProcessHandle child = ProcessHandle.of(engine).orElseThrow();
      assertTrue(child.isAlive(), "engine child " + engine + " is not running");
      if (kill) {
        load.destroyForcibly();
      } else {
        load.destroy();
      }
      assertTrue(load.waitFor(30, TimeUnit.SECONDS), "the load command did not stop");
      child.onExit().get(30, TimeUnit.SECONDS);
      assertTrue(!child.isAlive(), "engine child " + engine + " outlived the load command");
    } finally {
      load.destroyForcibly();
    }
  }

  /** Reads the command's output until it names its engine child; the child's pid. */
  private static long awaitEngine(Process load) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(load.getInputStream(),
        StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = CHILD.matcher(line);
      if (m.find()) {
        long pid = Long.parseLong(m.group(1));
        // keep draining its output so the command never blocks on a full pipe
        Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "drain-load-output");
        drain.setDaemon(true);
        drain.start();
        return pid;
      }
    }
    throw new AssertionError("the load command never started its engine child; it printed:\n"
        + seen);
  }
}
