package io.callfarm.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Samples the run once a second on its own thread: calls placed and connected, calls in progress,
 * the interval p99 of invite→onInvited, process CPU load and heap in use. {@link #close()} takes a
 * last sample and stops the thread.
 */
final class Sampler implements AutoCloseable {
  private final LoadMetrics metrics;
  private final Consumer<Sample> listener;
  private final long startNanos;
  private final ScheduledExecutorService thread;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final com.sun.management.OperatingSystemMXBean os;
  private final List<Sample> samples = new ArrayList<>();
  private long lastNanos;
  private long lastAttempted;
  private long lastConnected;
  private boolean closed;

  private Sampler(LoadMetrics metrics, Consumer<Sample> listener) {
    this.metrics = metrics;
    this.listener = listener;
    this.startNanos = System.nanoTime();
    this.lastNanos = startNanos;
    this.lastAttempted = metrics.attempted();
    this.lastConnected = metrics.connected();
    this.os = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
    cpu(); // the first reading of process CPU load is meaningless; prime it
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callfarm-load-sampler");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts sampling now; t = 0 is this moment.
   *
   * @param listener gets each sample on the sampler thread; must not block
   */
  static Sampler start(LoadMetrics metrics, Consumer<Sample> listener) {
    Sampler sampler = new Sampler(metrics, listener);
    sampler.thread.scheduleAtFixedRate(sampler::sample, 1, 1, TimeUnit.SECONDS);
    return sampler;
  }

  /** Heap in use right now, MiB. */
  static double heapMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  private synchronized void sample() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    long attempted = metrics.attempted();
    long connected = metrics.connected();
    double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
    Sample sample = new Sample((now - startNanos) / 1e9, attempted - lastAttempted,
        connected - lastConnected, metrics.concurrent(), (attempted - lastAttempted) / seconds,
        Percentiles.p99Ms(metrics.inviteToInvited.nextInterval()), cpu(),
        memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0));
    samples.add(sample);
    listener.accept(sample);
    metrics.acceptToUserEnter.nextInterval();
    metrics.callSetup.nextInterval();
    lastNanos = now;
    lastAttempted = attempted;
    lastConnected = connected;
  }

  private double cpu() {
    return os == null ? -1 : os.getProcessCpuLoad();
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    thread.awaitTermination(5, TimeUnit.SECONDS);
    thread.shutdownNow();
    sample();
    synchronized (this) {
      closed = true;
    }
  }
}
