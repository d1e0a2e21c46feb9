package io.callfarm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a benchmark ran on, for the figures it prints (a figure without its machine is not comparable), and
 * how busy all of its cores were (other processes included), from Linux's {@code /proc}.
 */
final class Machine {

  private Machine() {
  }

  /** E.g. {@code "2 cores, AMD EPYC, Linux 6.18, Java 17.0.15"}. */
  static String describe() {
    String model = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: the model stays unknown
    }
    return String.format(Locale.ROOT, "%d cores, %s, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
        model, System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"));
  }

  /** Cumulative busy and total jiffies of all cores ({@code /proc/stat}); {0, 0} when unreadable. */
  static long[] cpuJiffies() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** Share of all cores that were busy between two {@link #cpuJiffies()} readings, %; NaN when unknown. */
  static double busyPercent(long[] before, long[] after) {
    long total = after[1] - before[1];
    return total <= 0 ? Double.NaN : 100.0 * (after[0] - before[0]) / total;
  }

  /** Resident memory of this process, MiB ({@code VmRSS}); NaN when unknown. */
  static double residentMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return Double.NaN;
  }
}
