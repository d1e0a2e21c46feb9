package io.callfarm.engine.net;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread that runs tasks at given {@link System#nanoTime()} instants, earliest first and, for equal
 * instants, in submission order (so a rate-limited direction stays in order). It parks until the next instant
 * (typically within 0.1 ms on Linux) instead of spinning. Tasks must be short and not throw.
 */
final class DeliveryScheduler implements AutoCloseable {

  private record Task(long dueNanos, long seq, Runnable action) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int byTime = Long.compare(dueNanos - o.dueNanos, 0);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Thread thread;
  private long seq;
  private boolean closed;

  DeliveryScheduler(String threadName) {
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs {@code action} on the scheduler thread at {@code dueNanos} ({@link System#nanoTime()} clock), at once
   * if that is past. Ignored after {@link #close()}.
   */
  void schedule(long dueNanos, Runnable action) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      Task task = new Task(dueNanos, seq++, action);
      queue.add(task);
      if (queue.peek() == task) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Discards pending tasks and stops the thread, waiting up to 5 s for it to end. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      changed.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      throw new IllegalStateException("link emulator thread " + thread.getName()
          + " did not stop within 5 s; a delivery task is blocked");
    }
  }

  private void run() {
    while (true) {
      Task due;
      lock.lock();
      try {
        while (true) {
          if (closed) {
            return;
          }
          Task head = queue.peek();
          if (head == null) {
            changed.awaitUninterruptibly();
            continue;
          }
          long wait = head.dueNanos - System.nanoTime();
          if (wait <= 0) {
            due = queue.poll();
            break;
          }
          changed.awaitNanos(wait);
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      due.action.run();
    }
  }
}
