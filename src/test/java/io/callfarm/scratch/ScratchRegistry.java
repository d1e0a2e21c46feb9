package io.callfarm.scratch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The temporary folders and files tests made, each with the test class that made it, and which classes had a
 * failure. {@link #clean()} deletes what passing classes made and keeps a failed class's paths as the failure's
 * evidence (its messages name recordings and logs inside them); a path made where no class was running is kept
 * only if something failed. Thread-safe.
 */
final class ScratchRegistry {

  private final Path parent;
  private final Map<Path, String> owners = new LinkedHashMap<>();
  private final Set<String> failedOwners = new HashSet<>();
  private boolean anyFailure;

  /** Makes paths in {@code parent} (the system's temporary folder in the tests). */
  ScratchRegistry(Path parent) {
    this.parent = parent;
  }

  /** A new empty folder named {@code prefix…}, made for {@code owner} (a class name, or null if unknown). */
  synchronized Path folder(String prefix, String owner) throws IOException {
    return add(Files.createTempDirectory(parent, prefix), owner);
  }

  /** A new empty file named {@code prefix…suffix}, made for {@code owner}. */
  synchronized Path file(String prefix, String suffix, String owner) throws IOException {
    return add(Files.createTempFile(parent, prefix, suffix), owner);
  }

  private Path add(Path path, String owner) {
    owners.put(path, owner);
    return path;
  }

  /** Records that a test or configuration method of {@code owner} failed. */
  synchronized void failed(String owner) {
    failedOwners.add(owner);
    anyFailure = true;
  }

  /**
   * Deletes every path whose owner had no failure and forgets it; returns the paths kept, with why.
   *
   * @throws IOException if a path could not be deleted (the others are deleted)
   */
  synchronized List<Kept> clean() throws IOException {
    List<Kept> kept = new ArrayList<>();
    IOException failure = null;
    for (Map.Entry<Path, String> e : owners.entrySet()) {
      String owner = e.getValue();
      if (owner == null ? anyFailure : failedOwners.contains(owner)) {
        kept.add(new Kept(e.getKey(), owner == null ? "a test failed" : "a test of " + owner + " failed"));
        continue;
      }
      try {
        FileTrees.delete(e.getKey());
      } catch (IOException ex) {
        failure = failure == null ? ex : failure;
      }
    }
    owners.clear();
    if (failure != null) {
      throw failure;
    }
    return kept;
  }

  /** A path {@link #clean()} left in place, and the reason. */
  record Kept(Path path, String reason) {
  }
}
