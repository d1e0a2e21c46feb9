package io.callfarm.farm;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testng.annotations.Test;

/** A server that never gets ready is reported with its output and leaves no process behind. */
@Test(groups = "integration", timeOut = 20_000)
public class ServerProcessIT {
  private static final URI NOWHERE = URI.create("http://127.0.0.1:" + ServerProcess.freePort());

  @Test
  public void exitBeforeReadyIsReportedWithTheOutput() {
    FarmException e = expectThrows(FarmException.class, () -> ServerProcess.start("broken",
        List.of("sh", "-c", "echo 'cannot bind'; exit 3"), Path.of("."), Map.of(), NOWHERE,
        Duration.ofSeconds(10)));
    assertTrue(e.getMessage().startsWith("broken exited with code 3 before it was ready"),
        e.getMessage());
    assertTrue(e.getMessage().contains("cannot bind"), e.getMessage());
  }

  @Test
  public void notReadyInTimeIsStoppedWithItsChildren() {
    FarmException e = expectThrows(FarmException.class, () -> ServerProcess.start("silent",
        List.of("sh", "-c", "echo started; sleep 30 & wait"), Path.of("."), Map.of(), NOWHERE,
        Duration.ofMillis(800)));
    assertTrue(e.getMessage().startsWith("silent not ready at " + NOWHERE + "/status within 800 ms"),
        e.getMessage());
    assertTrue(e.getMessage().contains("started"), e.getMessage());
    assertFalse(ProcessHandle.current().descendants()
        .anyMatch(p -> p.info().commandLine().orElse("").contains("sleep 30")),
        "the server's child outlived it");
  }
}
