package io.callfarm.scratch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where tests make temporary folders and files: in the system's temporary folder, as
 * {@link java.nio.file.Files#createTempDirectory} would, but removed when the test run ends ({@link ScratchCleaner},
 * which the unit and integration tiers register) unless the class that made them had a failure. Without it one
 * run of both tiers left about 750 MB of recordings, databases and reports behind.
 */
public final class Scratch {

  static final ScratchRegistry REGISTRY = new ScratchRegistry(Path.of(System.getProperty("java.io.tmpdir")));

  private Scratch() {
  }

  /** A new empty folder named {@code prefix} plus a random number. */
  public static Path folder(String prefix) throws IOException {
    return REGISTRY.folder(prefix, ScratchCleaner.currentClass());
  }

  /** A new empty file named {@code prefix}, a random number and {@code suffix} (e.g. {@code ".wav"}). */
  public static Path file(String prefix, String suffix) throws IOException {
    return REGISTRY.file(prefix, suffix, ScratchCleaner.currentClass());
  }
}
