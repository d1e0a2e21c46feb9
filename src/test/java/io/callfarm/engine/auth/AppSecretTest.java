package io.callfarm.engine.auth;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import io.callfarm.scratch.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testng.annotations.Test;

/** Where the key comes from, and that it does not leak through its own object. */
public class AppSecretTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef-secret";

  @Test
  public void theFileWinsOverTheEnvironmentWhichWinsOverTheTestKey() throws Exception {
    Path file = Scratch.file("callfarm-key", ".txt");
    Files.writeString(file, "  " + KEY + "  \nsecond line ignored\n");
    Map<String, String> env = Map.of(AppSecret.ENVIRONMENT, "environment-key-0123456789");
    assertEquals(AppSecret.fromFileOrEnvironment(file, env).reveal(), KEY);
    assertEquals(AppSecret.fromFileOrEnvironment(null, env).reveal(), "environment-key-0123456789");
    assertTrue(AppSecret.fromFileOrEnvironment(null, Map.of()).isTestKey());
    assertFalse(AppSecret.fromFileOrEnvironment(file, Map.of()).isTestKey());
  }

  @Test
  public void badSourcesAreRefusedWithoutQuotingTheKey() throws Exception {
    Path missing = Path.of("/nonexistent/callfarm.key");
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
        () -> AppSecret.fromFileOrEnvironment(missing, Map.of()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    IllegalArgumentException tooShort = expectThrows(IllegalArgumentException.class,
        () -> AppSecret.fromFileOrEnvironment(null, Map.of(AppSecret.ENVIRONMENT, "short-key-77")));
    assertTrue(tooShort.getMessage().contains(AppSecret.ENVIRONMENT), tooShort.getMessage());
    assertFalse(tooShort.getMessage().contains("short-key-77"), tooShort.getMessage());
  }

  @Test
  public void toStringShowsAFingerprintNeverTheKey() {
    AppSecret secret = AppSecret.of(KEY);
    assertFalse(secret.toString().contains(KEY), secret.toString());
    assertFalse(secret.toString().contains(KEY.substring(0, 8)), secret.toString());
    assertTrue(secret.toString().contains(secret.fingerprint()), secret.toString());
    assertEquals(secret.fingerprint(), AppSecret.of(KEY).fingerprint(), "stable");
    assertNotEquals(secret.fingerprint(), AppSecret.of(KEY + "x").fingerprint());
    assertEquals(secret.fingerprint().length(), 16);
  }
}
