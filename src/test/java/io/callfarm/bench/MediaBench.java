package io.callfarm.bench;

import io.callfarm.engine.media.CandidateRewriter;
import io.callfarm.engine.media.DeviceMedia;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.MediaListener;
import io.callfarm.engine.media.MicSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * How many concurrent 1v1 calls with two-way audio one JVM sustains: ramps the number of calls and, for each
 * step, reports the share of concealed samples (concealedSamples / totalSamplesReceived over the measurement
 * window, all links) and the process CPU per call (% of one core). Goal: ≥ 100 calls with a share below 2 %.
 * Usage: {@code MediaBench [steps, default 10,25,50,100,150] [measure seconds, default 8]}. Nothing is recorded.
 */
public final class MediaBench {

  private static final long WARM_UP_NANOS = 3_000_000_000L;

  private MediaBench() {
  }

  public static void main(String[] args) {
    int[] steps = java.util.Arrays.stream((args.length > 0 ? args[0] : "10,25,50,100,150").split(","))
        .mapToInt(Integer::parseInt).toArray();
    long measureNanos = (long) ((args.length > 1 ? Double.parseDouble(args[1]) : 8.0) * 1e9);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, DeviceMedia> directory = new ConcurrentHashMap<>();
    List<DeviceMedia[]> calls = new ArrayList<>();
    System.out.printf("%6s %12s %12s %14s %10s %8s%n", "calls", "concealed%", "cpu%/call", "process cpu%",
        "setup s", "threads");
    try (MediaEngine engine = new MediaEngine()) {
      for (int target : steps) {
        long setupStart = System.nanoTime();
        while (calls.size() < target) {
          int n = calls.size();
          DeviceMedia a = device(engine, directory, "a" + n, MicSource.tone(440 + n, -20));
          DeviceMedia b = device(engine, directory, "b" + n, MicSource.tone(880 + n, -20));
          a.connect(b.localUserId());
          b.connect(a.localUserId());
          calls.add(new DeviceMedia[] {a, b});
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        LockSupport.parkNanos(WARM_UP_NANOS);
        long[] before = totals(calls);
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        LockSupport.parkNanos(measureNanos);
        long[] after = totals(calls);
        double cpu = (os.getProcessCpuTime() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
        long played = after[1] - before[1];
        double concealed = played == 0 ? Double.NaN : 100.0 * (after[0] - before[0]) / played;
        System.out.printf("%6d %12.3f %12.2f %14.1f %10.1f %8d%n", calls.size(), concealed,
            100 * cpu / calls.size(), 100 * cpu, setupSeconds, Thread.activeCount());
        long expected = Math.round(2L * calls.size() * 48_000 * measureNanos / 1e9);
        if (played < expected / 2) {
          System.out.printf("stopping: only %d of ~%d expected samples were played%n", played, expected);
          break;
        }
      }
    }
  }

  private static DeviceMedia device(MediaEngine engine, Map<String, DeviceMedia> directory, String user,
                    MicSource mic) {
    DeviceMedia device = new DeviceMedia(engine, user, (to, payload) -> {
      DeviceMedia target = directory.get(to);
      if (target != null) {
        target.onSignal(user, payload);
      }
    }, mic, null, new MediaListener() { }, CandidateRewriter.IDENTITY);
    directory.put(user, device);
    return device;
  }

  /** {concealedSamples, totalSamplesReceived} summed over every device's incoming links. */
  private static long[] totals(List<DeviceMedia[]> calls) {
    long[] sum = new long[2];
    for (DeviceMedia[] call : calls) {
      for (DeviceMedia device : call) {
        for (LinkStats stats : device.stats().values()) {
          sum[0] += stats.concealedSamples();
          sum[1] += stats.totalSamplesReceived();
        }
      }
    }
    return sum;
  }
}
