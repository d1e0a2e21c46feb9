package io.callfarm.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import io.callfarm.scratch.Scratch;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.testng.annotations.Test;

/**
 * {@code callfarm engine} when the engine itself cannot start (the arguments were fine): a port another process
 * holds, a database file that is not SQLite. Each is one coded line, exit 2, no stack trace, nothing left running.
 */
@Test(groups = "integration")
public class EngineStartFailuresIT {

  @Test
  public void aPortInUseIsOneLine() throws Exception {
    Path db = Scratch.folder("engine-start").resolve("engine.db");
    // this JVM runs the whole integration tier: only threads the failed start made count
    Set<Thread> before = signalThreads();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Launcher.Outcome run = Launcher.run("engine", "--port", "" + taken.getLocalPort(), "--db", db.toString());
      assertOneLine(run, "error start_failed: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (");
      assertTrue(run.stderr().contains("choose another --port"), run.stderr());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Set<Thread> left = new HashSet<>(signalThreads());
    left.removeAll(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      left.iterator().next().join(100);
      left.removeIf(t -> !t.isAlive());
    }
    assertEquals(left, Set.of(), "the failed start left no server threads (these were there before: " + before + ")");
  }

  private static Set<Thread> signalThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("callfarm-signal"))
        .collect(Collectors.toSet());
  }

  @Test
  public void aDatabaseThatIsNotSqliteIsOneLine() throws Exception {
    Path text = Files.writeString(Scratch.folder("engine-start").resolve("notes.db"),
        "these are notes, not a database\n".repeat(200));
    Launcher.Outcome run = Launcher.run("engine", "--db", text.toString());
    assertOneLine(run, "error start_failed: the engine did not start: cannot open database " + text);
    assertEquals(Files.readString(text), "these are notes, not a database\n".repeat(200), "the file is untouched");
  }

  private static void assertOneLine(Launcher.Outcome run, String start) {
    assertEquals(run.exit(), Refusal.EXIT, run.stderr());
    assertTrue(run.stderr().startsWith(start), run.stderr());
    assertEquals(run.stderr().lines().filter(l -> l.startsWith("error ")).count(), 1, run.stderr());
    assertFalse(run.stderr().contains("\tat "), run.stderr());
    assertFalse(run.stdout().contains("engine ready"), run.stdout());
  }
}
