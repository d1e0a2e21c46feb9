package io.callfarm.cli;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testng.annotations.Test;

/**
 * The launcher script's own verb, {@code test}, answers {@code --help} itself: before, it handed the flag to Maven,
 * which printed Maven's usage instead of the verb's.
 */
@Test(groups = "integration")
public class LauncherScriptIT {

  @Test
  public void testHelpIsTheVerbsUsageAndStartsNoBuild() throws Exception {
    Process launcher = new ProcessBuilder("bash", Path.of("callfarm").toAbsolutePath().toString(), "test", "--help")
        .redirectErrorStream(true).start();
    String out;
    try {
      assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher answered within 60 s");
      out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      launcher.destroyForcibly();
    }
    assertEquals(launcher.exitValue(), 0, out);
    assertTrue(out.startsWith("Usage: callfarm test"), out);
    assertFalse(out.contains("mvn [options]") || out.contains("[INFO]"), "Maven did not run: " + out);
  }
}
