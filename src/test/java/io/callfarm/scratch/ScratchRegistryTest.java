package io.callfarm.scratch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class ScratchRegistryTest {

  private Path parent;
  private ScratchRegistry registry;

  @BeforeMethod
  public void newRegistry() throws Exception {
    parent = Scratch.folder("callfarm-scratch-test-");
    registry = new ScratchRegistry(parent);
  }

  @AfterMethod(alwaysRun = true)
  public void removeParent() throws Exception {
    FileTrees.delete(parent);
  }

  @Test
  public void aPassingClassLeavesNothingBehind() throws Exception {
    Path folder = registry.folder("recordings-", "PassingIT");
    Files.createDirectories(folder.resolve("alice/room-1"));
    Files.write(folder.resolve("alice/room-1/alice-from-bob.wav"), new byte[64]);
    Path file = registry.file("scenario", ".yaml", "PassingIT");

    assertEquals(registry.clean(), List.of());
    assertFalse(Files.exists(folder), "folder with its tree deleted");
    assertFalse(Files.exists(file), "file deleted");
    try (var left = Files.list(parent)) {
      assertEquals(left.count(), 0L);
    }
  }

  @Test
  public void aFailedClassKeepsItsScratchAsEvidenceAndOthersLoseTheirs() throws Exception {
    Path failing = registry.folder("recordings-", "FailingIT");
    Path passing = registry.folder("recordings-", "PassingIT");
    registry.failed("FailingIT");

    List<ScratchRegistry.Kept> kept = registry.clean();

    assertEquals(kept, List.of(new ScratchRegistry.Kept(failing, "a test of FailingIT failed")));
    assertTrue(Files.isDirectory(failing));
    assertFalse(Files.exists(passing));
    assertEquals(registry.clean(), List.of(), "a second clean has nothing left to judge");
    assertTrue(Files.isDirectory(failing), "and does not touch what was kept");
  }

  @Test
  public void scratchOfNoKnownClassIsKeptOnlyWhenSomethingFailed() throws Exception {
    Path beforeFailure = registry.folder("early-", null);
    assertEquals(registry.clean(), List.of());
    assertFalse(Files.exists(beforeFailure), "deleted: nothing failed");

    Path unowned = registry.folder("early-", null);
    registry.failed("SomeIT");
    assertEquals(registry.clean(), List.of(new ScratchRegistry.Kept(unowned, "a test failed")));
    assertTrue(Files.isDirectory(unowned));
  }

  @Test
  public void aPathRemovedMeanwhileIsNoError() throws Exception {
    Path folder = registry.folder("gone-", "PassingIT");
    FileTrees.delete(folder);
    assertEquals(registry.clean(), List.of());
  }
}
