package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;
import org.testng.annotations.Test;

/** {@code --workers}: local:N or a host:port list; everything else refused with what to write. */
public class WorkerSpecTest {

  @Test
  public void localAndRemoteForms() {
    WorkerSpec local = WorkerSpec.parse("local:2");
    assertEquals(local.local(), 2);
    assertEquals(local.count(), 2);
    assertTrue(local.loopback());
    WorkerSpec remote = WorkerSpec.parse("10.0.0.5:1099, load-2.example:1100");
    assertEquals(remote.remote(), List.of("10.0.0.5:1099", "load-2.example:1100"));
    assertEquals(remote.count(), 2);
    assertFalse(remote.loopback());
    assertTrue(WorkerSpec.parse("127.0.0.1:1099").loopback());
  }

  @Test
  public void badFormsAreRefused() {
    for (String bad : new String[] {"local:0", "local:9", "local:x", "", "host", "host:0",
        "host:70000", "host:1099,host:1099", "ho st:1099", "local:2,host:1"}) {
      IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
          () -> WorkerSpec.parse(bad));
      assertTrue(e.getMessage().startsWith("--workers"), bad + ": " + e.getMessage());
    }
  }
}
