package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.testng.annotations.Test;

/**
 * {@code --workers local:2} at a small size: two real jmeter-server workers (the JMeter home the
 * launcher builds from jmeter-plugin/, target/jmeter) and a stock non-GUI controller run the plan in
 * suites/load against an engine child process. Both workers must place calls, their counts must add
 * up, nothing may be lost, the engine must agree, the merged percentiles must be the workers'
 * HdrHistograms (counts equal to the invitations, p50 within JMeter's 1 ms of the samples' own), no
 * two workers may log in the same user, and nothing may be left running.
 */
@Test(groups = "integration", timeOut = 240_000)
public class DistributedRunIT {

  @Test
  public void twoLocalWorkersShareTheLoadAndLoseNothing() throws Exception {
    LoadProfile profile = new LoadProfile(80, 8, Duration.ofSeconds(6), Duration.ofSeconds(1), 0.2,
        0, AnswerMode.MIXED, Duration.ofMillis(500), Duration.ofSeconds(5), 2, 3);
    Path dir = Scratch.folder("callfarm-distributed-it");
    LoadReport report = DistributedRun.run(profile, new DistributedRun.Options(
        WorkerSpec.parse("local:2"), Path.of("target/jmeter"),
        Path.of("suites/load/callfarm-calls.jmx"), "127.0.0.1"), null, dir,
        line -> System.out.println("distributed-it: " + line));
    String summary = SummaryText.render(report);
    System.out.println(summary);
    LoadReports.assertComplete(report, dir);
    assertTrue(report.passed(), summary);
    assertEquals(report.usersLoggedIn(), 80, summary);

    List<LoadReport.Worker> workers = report.workers();
    assertEquals(workers.size(), 2, summary);
    long placed = 0;
    long completed = 0;
    for (LoadReport.Worker w : workers) {
      assertTrue(w.placed() > 0, "worker placed no calls: " + w);
      assertEquals(w.lost(), 0, "worker lost invitations: " + w);
      placed += w.placed();
      completed += w.completed();
    }
    assertEquals(placed, report.calls().placed(), "workers' calls add up: " + summary);
    assertEquals(completed, (long) report.invitations().get("completed"), summary);
    long invitations = report.calls().oneToOne() + 2 * report.calls().group();
    assertEquals(report.crossCheck().compared() + report.crossCheck().skipped(), invitations,
        "every invitation cross-checked: " + summary);
    assertTrue(report.calls().group() > 0 && report.invitations().get("rejected") > 0, summary);

    // exact merge: one invite latency per invitation, from the workers' histograms
    Percentiles invite = report.latency().get("invite_to_invited");
    assertEquals(invite.count(), invitations, "invite histogram count: " + invite);
    List<Long> sampled = new ArrayList<>();
    Map<Integer, Set<String>> usersByWorker = Map.of(0, new HashSet<>(), 1, new HashSet<>());
    for (JmeterResults.Row row : JmeterResults.read(dir.resolve("jmeter/results.csv"))) {
      if (!SampleMessage.isOurs(row.responseMessage())) {
        continue;
      }
      SampleMessage m = SampleMessage.decode(row.responseMessage());
      if (m.kind().equals("call")) {
        sampled.add(row.latency());
        usersByWorker.get(m.worker()).add(m.fields().get("caller"));
        m.invitations().forEach(i -> usersByWorker.get(m.worker()).add(i.getKey()));
      }
    }
    sampled.sort(Long::compare);
    // a sample carries one latency per call (its first invitee's, truncated to ms); the merged histogram has
    // one per invitation, so group calls add `extra` values the samples do not show. Whatever those are, the
    // merged median sits between the samples' order statistics at ranks (n - extra) / 2 and (n + extra) / 2
    // (it was compared within 2 ms of the samples' median before, which held only while group calls'
    // second invitees came close behind the first: 2 CI runs of 7 on a busy machine saw 2.1-2.7 ms)
    int n = sampled.size();
    int extra = (int) (invitations - n);
    assertTrue(extra >= 0 && extra < n, "invitations " + invitations + " for " + n + " sampled calls");
    long low = sampled.get(Math.max(0, (n - extra + 1) / 2 - 1));
    long high = sampled.get(Math.min(n - 1, (n + extra) / 2));
    assertTrue(invite.p50Ms() >= low - 0.01 && invite.p50Ms() <= high + 1.01, "merged p50 " + invite.p50Ms()
        + " ms outside the samples' " + low + ".." + high + " ms (" + n + " calls, " + extra
        + " further invitees)");
    for (int k = 0; k < 2; k++) {
      int worker = k;
      assertTrue(usersByWorker.get(k).stream().allMatch(u -> u.contains("w" + worker + "-u")),
          "worker " + k + " used another worker's users: " + usersByWorker.get(k));
    }
    Set<String> shared = new HashSet<>(usersByWorker.get(0));
    shared.retainAll(usersByWorker.get(1));
    assertTrue(shared.isEmpty(), "users on both workers: " + shared);

    List<String> left = ProcessHandle.current().descendants()
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .filter(p -> p.contains("ApacheJMeter") || p.contains("EngineChild")).toList();
    assertTrue(left.isEmpty(), "processes left running: " + left);
  }
}
