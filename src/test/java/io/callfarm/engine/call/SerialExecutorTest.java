package io.callfarm.engine.call;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/** A component's event thread keeps running after a task throws, an Error included. */
public class SerialExecutorTest {

  @Test(timeOut = 10_000)
  public void tasksAfterAThrowingOneStillRunInOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SerialExecutor events = new SerialExecutor(pool);
      List<Integer> ran = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      events.execute(() -> ran.add(1));
      events.execute(() -> {
        throw new AssertionError("a delegate's assertion, as a test's listener may throw");
      });
      events.execute(() -> ran.add(2));
      events.execute(() -> {
        throw new IllegalStateException("a runtime failure");
      });
      events.execute(() -> ran.add(3));
      events.execute(() -> recurse(0));
      events.execute(() -> {
        ran.add(4);
        done.countDown();
      });
      assertTrue(done.await(5, TimeUnit.SECONDS), "events stopped after a failing task: " + ran);
      assertEquals(ran, List.of(1, 2, 3, 4));
      CountDownLatch later = new CountDownLatch(1);
      events.execute(later::countDown);
      assertTrue(later.await(5, TimeUnit.SECONDS), "the executor takes new tasks afterwards");
    } finally {
      pool.shutdownNow();
    }
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1; // StackOverflowError
  }
}
