package io.callfarm.load;

import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.sun.management.UnixOperatingSystemMXBean;
import io.callfarm.scratch.Scratch;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testng.annotations.Test;

/**
 * The user bound comes from this process's real file-descriptor limit: one socket per user in the
 * load generator (and as many in the engine child). More users than the limit allows are refused
 * before anything starts, with the number that would fit.
 */
public class FileDescriptorBoundTest {

  @Test
  public void moreUsersThanTheLimitAreRefusedUpFront() throws Exception {
    long limit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getMaxFileDescriptorCount();
    int users = (int) Math.min(Integer.MAX_VALUE, limit + 1);
    LoadProfile profile = new LoadProfile(users, 10, Duration.ofSeconds(1), Duration.ZERO, 0, 0,
        AnswerMode.ACCEPT, Duration.ZERO, Duration.ofSeconds(1), 2, 1);
    Path dir = Scratch.folder("callfarm-fd-bound");
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
        () -> LoadRun.run(profile, dir, line -> { }));
    assertTrue(e.getMessage().contains("--users " + users) && e.getMessage().contains("limit is "
        + limit) && e.getMessage().contains("use at most"), e.getMessage());
    try (var left = Files.list(dir)) {
      assertTrue(left.findAny().isEmpty(), "nothing started, nothing written");
    }
  }
}
