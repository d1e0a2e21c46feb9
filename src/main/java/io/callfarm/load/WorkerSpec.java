package io.callfarm.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the JMeter workers of a distributed run are: {@code local:N} (this run starts N
 * jmeter-server processes on 127.0.0.1) or {@code host:port,...} (workers already running, addressed
 * as the controller's {@code -R} list).
 *
 * @param local how many workers to start here, 0 when {@code remote} is given
 * @param remote the running workers, {@code host:port} each
 */
public record WorkerSpec(int local, List<String> remote) {
  /** Local workers at most: each is a JVM with its share of users on a 2-core machine. */
  public static final int MAX_LOCAL = 8;

  public WorkerSpec {
    remote = List.copyOf(remote);
  }

  /**
   * Parses {@code --workers}.
   *
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  public static WorkerSpec parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.startsWith("local:")) {
      int n;
      try {
        n = Integer.parseInt(s.substring("local:".length()));
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > MAX_LOCAL) {
        throw new IllegalArgumentException("--workers local:N needs N from 1 to " + MAX_LOCAL
            + ", got '" + text + "'");
      }
      return new WorkerSpec(n, List.of());
    }
    List<String> workers = new ArrayList<>();
    for (String part : s.split(",")) {
      String w = part.trim();
      int colon = w.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(w.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 1 || port > 65535 || !w.substring(0, Math.max(0, colon)).matches("[A-Za-z0-9.\\-]+")) {
        throw new IllegalArgumentException("--workers must be local:N or host:port[,host:port...],"
            + " got '" + w + "' in '" + text + "'");
      }
      if (workers.contains(w)) {
        throw new IllegalArgumentException("--workers names " + w + " twice");
      }
      workers.add(w);
    }
    return new WorkerSpec(0, workers);
  }

  public int count() {
    return local > 0 ? local : remote.size();
  }

  /** Whether every worker is on this machine's loopback. */
  public boolean loopback() {
    return local > 0 || remote.stream().allMatch(w -> w.startsWith("127.") || w.startsWith("localhost:"));
  }
}
