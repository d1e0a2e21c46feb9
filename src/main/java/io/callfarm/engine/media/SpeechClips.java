package io.callfarm.engine.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The speech clips that ship with CallFarm ({@code src/main/resources/speech}, CMU ARCTIC, licence in its
 * README), so scenarios, the demo and device profiles have real speech without any file outside the project.
 * A clip is named without its extension, e.g. {@code cmu_arctic_us_aew_a0001}.
 */
public final class SpeechClips {

  /** Every clip, in a stable order. */
  public static final List<String> NAMES = List.of(
      "cmu_arctic_us_aew_a0001", "cmu_arctic_us_aew_a0002", "cmu_arctic_us_aew_a0003",
      "cmu_arctic_us_axb_a0004", "cmu_arctic_us_axb_a0005", "cmu_arctic_us_axb_a0006");

  private SpeechClips() {
  }

  /**
   * A file holding clip {@code name}: the resource itself when the classes run from a directory, else a copy in
   * the temporary folder (deleted at exit).
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Path file(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown speech clip '" + name + "'; the clips are " + NAMES);
    }
    URL url = SpeechClips.class.getResource("/speech/" + name + ".wav");
    if (url == null) {
      throw new IllegalStateException("speech clip " + name + " is missing from the classpath (/speech/)");
    }
    try {
      if ("file".equals(url.getProtocol())) {
        return Path.of(url.toURI());
      }
      Path copy = Files.createTempFile("callfarm-" + name + "-", ".wav");
      copy.toFile().deleteOnExit();
      try (InputStream in = url.openStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read speech clip " + name + ": " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("speech clip " + name + " has an unusable location " + url, e);
    }
  }
}
