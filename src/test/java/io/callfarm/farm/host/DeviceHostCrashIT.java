package io.callfarm.farm.host;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.cli.Launcher;
import io.callfarm.scratch.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testng.annotations.Test;

/**
 * Native-crash isolation for real: {@code callfarm run} runs a suite whose first audio scenario's device host (the
 * child JVM running its webrtc-java devices) this test kills with SIGKILL while the call's audio flows. The run must
 * go on: that scenario fails naming the crash (exit code, the host's last log lines) at the step that was running, a
 * later audio scenario gets a new host and passes, a signalling scenario passes, every result reaches the summary,
 * the JSON results and the console, and no host process is left behind.
 */
@Test(groups = "integration")
public class DeviceHostCrashIT {
  private static final Pattern READY = Pattern.compile("host 1 ready, pid (\\d+)");
  private static final Path CRASH = Path.of("src/test/resources/scenarios/host-crash/a-host-dies-mid-call.yaml");
  private static final Path AFTER = Path.of("src/test/resources/scenarios/host-crash/b-audio-after-a-host-died.yaml");
  private static final Path SIGNALLING = Path.of("suites/scenarios/smoke/1v1-reject.yaml");

  @Test
  public void aHostKilledMidCallFailsItsScenarioAndTheRunGoesOn() throws Exception {
    Path reports = Scratch.folder("callfarm-host-crash");
    Path suite = reports.resolve("host-crash.xml");
    Files.writeString(suite, """
        <!DOCTYPE suite SYSTEM "https://testng.org/testng-1.0.dtd">
        <suite name="host-crash">
          <parameter name="scenarios" value="%s,%s,%s"/>
          <test name="host-crash">
            <classes><class name="io.callfarm.scenario.ScenarioTests"/></classes>
          </test>
        </suite>
        """.formatted(CRASH, AFTER, SIGNALLING));
    Path hostLog = reports.resolve("calls/hosts/host-1.log");
    CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> killMidCall(hostLog));

    Launcher.Outcome run = Launcher.run("run", suite.toString(), "--reports", reports.toString());
    long pid = killed.get(10, TimeUnit.SECONDS);
    assertEquals(run.exit(), 1, "a failed scenario makes the run fail, but the run finished");

    ObjectMapper json = new ObjectMapper();
    JsonNode crashed = json.readTree(reports.resolve("scenarios/a-host-dies-mid-call.json").toFile());
    assertFalse(crashed.path("passed").asBoolean());
    String failure = crashed.path("failure").asText();
    assertTrue(Pattern.compile(Pattern.quote(CRASH.toString()) + ":(13|12): (wait 30000 ms|expect bob "
        + "onUserAudioAvailable\\(alice,true\\) within 5000 ms): alice: device host crashed \\(exit 137, last log "
        + "lines: .+\\)").matcher(failure).matches(), failure);
    assertFalse(failure.contains("last log lines: (none)"), "the host's last log lines are in the reason: " + failure);

    JsonNode after = json.readTree(reports.resolve("scenarios/b-audio-after-a-host-died.json").toFile());
    assertTrue(after.path("passed").asBoolean(), "the audio scenario after the crash: " + after.path("failure"));
    assertTrue(after.path("audio").get(0).path("report").path("degLevelDbov").asDouble() > -50,
        "bob heard alice's tone through the new host: " + after.path("audio"));
    assertTrue(json.readTree(reports.resolve("scenarios/1v1-reject.json").toFile()).path("passed").asBoolean());

    JsonNode summary = json.readTree(reports.resolve("summary.json").toFile());
    assertEquals(List.of(summary.path("tests").asInt(), summary.path("passed").asInt(),
        summary.path("failed").asInt()), List.of(3, 2, 1), summary.toString());
    String printed = run.stdout();
    assertTrue(printed.contains("1 test did not pass (file:line: step: what the device saw instead):"), printed);
    assertTrue(printed.lines().anyMatch(l -> l.startsWith("  FAILED ") && l.contains(CRASH + ":")
        && l.contains("device host crashed (exit 137")), printed);

    assertTrue(Files.exists(reports.resolve("calls/hosts/host-2.log")), "the farm started a new host");
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the killed host is gone");
    assertEquals(hostsAlive(reports.resolve("calls/hosts")), List.of(), "no device host outlives the run");
  }

  /**
   * Waits for host 1 to log that bob hears alice (the call's audio flows), then kills it with SIGKILL.
   *
   * @return the killed host's pid
   */
  private static long killMidCall(Path hostLog) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String text = read(hostLog);
      Matcher ready = READY.matcher(text);
      if (ready.find() && text.contains("onUserAudioAvailable(alice_")) {
        long pid = Long.parseLong(ready.group(1));
        ProcessHandle host = ProcessHandle.current().children().filter(p -> p.pid() == pid).findFirst()
            .orElseThrow(() -> new AssertionError("host 1 (pid " + pid + ") is not a child of this JVM"));
        assertTrue(host.destroyForcibly(), "SIGKILL sent to " + pid);
        return pid;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    throw new AssertionError("host 1 never logged bob hearing alice: " + read(hostLog));
  }

  /** The device hosts of this run (every pid a host log names) still alive after waiting up to 15 s. */
  private static List<Long> hostsAlive(Path hostLogs) throws IOException {
    List<Long> pids;
    try (var logs = Files.list(hostLogs)) {
      pids = logs.map(DeviceHostCrashIT::read).map(Pattern.compile("host \\d+ ready, pid (\\d+)")::matcher)
          .filter(Matcher::find).map(m -> Long.parseLong(m.group(1))).toList();
    }
    assertTrue(pids.size() >= 2, "both hosts logged their pid: " + pids);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<Long> alive;
    do {
      alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    } while (!alive.isEmpty() && System.nanoTime() < deadline);
    return alive;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
