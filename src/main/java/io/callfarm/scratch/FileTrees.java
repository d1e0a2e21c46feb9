package io.callfarm.scratch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a folder with everything in it, the one way every part of CallFarm removes what it made (browser and
 * Appium profiles, a load run's engine folder, a test's scratch folder). Symbolic links are removed, never
 * followed; a file that vanished meanwhile (a dying browser cleaning up after itself) is not an error.
 */
public final class FileTrees {

  private static final Logger LOG = LoggerFactory.getLogger(FileTrees.class);

  private FileTrees() {
  }

  /**
   * Deletes {@code root} (a folder or a file) and everything below it; nothing to do if it does not exist.
   *
   * @throws IOException if something could not be deleted (what could be is gone)
   */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * {@link #delete} for clean-up paths that must not fail the caller (closing a browser, ending a test run):
   * a failure is logged with {@code what} was being removed, and {@code false} returned.
   */
  public static boolean deleteOrWarn(Path root, String what) {
    try {
      delete(root);
      return true;
    } catch (IOException e) {
      LOG.warn("could not delete {} {}: {}", what, root, e.toString());
      return false;
    }
  }
}
