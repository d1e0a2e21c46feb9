package io.callfarm.scratch;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testng.annotations.Test;

public class FileTreesTest {

  @Test
  public void deletesATreeButNotWhatALinkInItPointsTo() throws Exception {
    Path outside = Scratch.folder("callfarm-outside-");
    Files.writeString(outside.resolve("keep.txt"), "not ours");
    Path tree = Scratch.folder("callfarm-tree-");
    Files.createDirectories(tree.resolve("a/b"));
    Files.writeString(tree.resolve("a/b/c.txt"), "ours");
    Files.createSymbolicLink(tree.resolve("a/link"), outside);

    FileTrees.delete(tree);

    assertFalse(Files.exists(tree));
    assertTrue(Files.exists(outside.resolve("keep.txt")), "the link's target survives");
  }

  @Test
  public void aMissingPathIsNothingToDo() throws Exception {
    Path gone = Scratch.folder("callfarm-gone-");
    FileTrees.delete(gone);
    FileTrees.delete(gone);
    assertTrue(FileTrees.deleteOrWarn(gone, "test folder"));
  }
}
