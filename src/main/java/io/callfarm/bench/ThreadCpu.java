package io.callfarm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process by thread kind, from Linux's {@code /proc/self/task/<tid>/{comm,stat}}: every thread,
 * native WebRTC threads included (which the JVM's thread beans do not see). A kind is the thread name without
 * digits ({@code webrtc_audio_mo} for every playout thread, {@code AudioEncoder} for every encoder queue), so a
 * snapshot says which kind of work the process spends its time on. Clock ticks are 10 ms: good for windows of
 * seconds. Threads that ended between two snapshots are missing from the difference. Empty off Linux.
 */
final class ThreadCpu {

  /** Clock ticks per second of {@code /proc/.../stat} (USER_HZ, 100 on every Linux this runs on). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Map<Long, Sample> byThread;

  private record Sample(String kind, long ticks) {
  }

  private ThreadCpu(Map<Long, Sample> byThread) {
    this.byThread = byThread;
  }

  /** The CPU ticks of every live thread now. */
  static ThreadCpu snapshot() {
    Map<Long, Sample> samples = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return new ThreadCpu(samples);
    }
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) list::iterator) {
        try {
          String comm = Files.readString(task.resolve("comm")).strip();
          String stat = Files.readString(task.resolve("stat"));
          // fields after the parenthesised name: state(3) ... utime(14) stime(15)
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          samples.put(Long.parseLong(task.getFileName().toString()), new Sample(kind(comm), ticks));
        } catch (IOException | RuntimeException e) {
          // the thread ended while we looked: it is simply not in this snapshot
        }
      }
    } catch (IOException e) {
      // /proc unreadable: report nothing rather than wrong figures
    }
    return new ThreadCpu(samples);
  }

  /** The number of threads in this snapshot (native and Java). */
  int threads() {
    return byThread.size();
  }

  /**
   * CPU per thread kind since {@code earlier}, in % of one core over {@code seconds}, largest first; kinds under
   * 0.5 % are summed into {@code "other"}.
   */
  Map<String, Double> percentSince(ThreadCpu earlier, double seconds) {
    Map<String, Long> ticks = new HashMap<>();
    byThread.forEach((tid, now) -> {
      Sample before = earlier.byThread.get(tid);
      long delta = now.ticks - (before == null ? 0 : before.ticks);
      ticks.merge(now.kind, delta, Long::sum);
    });
    Map<String, Double> out = new LinkedHashMap<>();
    double other = 0;
    for (Map.Entry<String, Long> e : ticks.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList()) {
      double percent = 100 * e.getValue() / TICKS_PER_SECOND / seconds;
      if (percent < 0.5) {
        other += percent;
      } else {
        out.put(e.getKey(), Math.round(percent * 10) / 10.0);
      }
    }
    if (other > 0) {
      out.put("other", Math.round(other * 10) / 10.0);
    }
    return out;
  }

  /** A thread name without its digits and trailing separators: the kind of work it does. */
  static String kind(String comm) {
    String k = comm.replaceAll("[0-9]+", "").replaceAll("([-_#. ])[-_#. ]+", "$1").replaceAll("[-_#. ]+$", "");
    return k.isEmpty() ? comm : k;
  }
}
