package io.callfarm.engine.call;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time in submission order on a shared pool, so each component has its own event
 * thread semantics without a thread of its own (thousands of virtual users share a few threads).
 * A task that throws — an {@link Error} from a delegate included — is logged and the next one runs:
 * one bad callback never stops a component. A {@link VirtualMachineError} other than a stack
 * overflow is rethrown after the remaining tasks were handed to another pool thread.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor pool;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      tasks.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    pool.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (tasks) {
        next = tasks.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (Throwable t) {
        LOG.error("event task failed; the component goes on with its next event", t);
        if (t instanceof VirtualMachineError fatal && !(t instanceof StackOverflowError)) {
          pool.execute(this::drain); // still "running": the rest continues on another thread
          throw fatal;
        }
      }
    }
  }
}
