package io.callfarm.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

/** Thread kinds and per-kind CPU from this process's own /proc entries. */
public class ThreadCpuTest {

  @Test
  public void threadsOfOneKindShareAName() {
    assertEquals(ThreadCpu.kind("AudioEncoder"), "AudioEncoder");
    assertEquals(ThreadCpu.kind("GC Thread#1"), "GC Thread");
    assertEquals(ThreadCpu.kind("linkemu-12-io"), "linkemu-io");
    assertEquals(ThreadCpu.kind("callfarm-media-"), "callfarm-media");
    assertEquals(ThreadCpu.kind("42"), "42");
  }

  @Test
  public void aBusyThreadShowsUnderItsKind() throws InterruptedException {
    ThreadCpu before = ThreadCpu.snapshot();
    long start = System.nanoTime();
    Thread spinner = new Thread(() -> {
      long x = 0;
      while (System.nanoTime() - start < 300_000_000L) {
        x += System.nanoTime() % 7;
      }
      if (x == 42) {
        System.out.print("");
      }
    }, "bench-spinner-7");
    Thread sleeper = new Thread(() -> java.util.concurrent.locks.LockSupport.parkNanos(300_000_000L),
        "bench-sleeper-3");
    spinner.start();
    sleeper.start();
    Thread.sleep(250);
    ThreadCpu during = ThreadCpu.snapshot();
    spinner.join();
    sleeper.join();
    assertTrue(during.threads() > before.threads() - 5, "threads seen: " + during.threads());
    double seconds = (System.nanoTime() - start) / 1e9;
    Double spun = during.percentSince(before, seconds).get("bench-spinner");
    assertTrue(spun != null && spun > 30, "a spinning thread over ~0.25 s: " + during.percentSince(before, seconds));
    Double slept = during.percentSince(before, seconds).getOrDefault("bench-sleeper", 0.0);
    assertTrue(slept < 5, "a parked thread costs nothing: " + during.percentSince(before, seconds));
  }
}
