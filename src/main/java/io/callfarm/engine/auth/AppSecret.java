package io.callfarm.engine.auth;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An app's UserSig secret key. It is read from the environment variable {@value #ENVIRONMENT} or
 * from a file, never from a command line (which {@code ps} and shell histories show), and it never
 * leaves this object by accident: {@link #toString()} shows only a {@link #fingerprint()}, and the
 * database stores only that fingerprint. {@link #reveal()} is for the signing and verifying code.
 */
public final class AppSecret {
  /** The environment variable the launcher reads the key from. */
  public static final String ENVIRONMENT = "CALLFARM_SECRET_KEY";
  /** The key of local test runs (the embedded default): public, never a production secret. */
  public static final AppSecret TEST_KEY = new AppSecret(
      "callfarm-local-test-key-5b1c9d2e7f3a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e");
  private static final int MIN_LENGTH = 16;

  private final String key;

  private AppSecret(String key) {
    this.key = key;
  }

  /**
   * A key given in code (tests, embedding); at least {@value #MIN_LENGTH} characters.
   *
   * @throws IllegalArgumentException naming the rule, never the key
   */
  public static AppSecret of(String key) {
    if (key == null || key.strip().length() < MIN_LENGTH) {
      throw new IllegalArgumentException("the app secret key must be at least " + MIN_LENGTH
          + " characters");
    }
    return new AppSecret(key.strip());
  }

  /**
   * The key from {@code keyFile} when given, else from {@value #ENVIRONMENT} when set, else the
   * {@link #TEST_KEY}. The file holds the key on its first line (surrounding white space ignored).
   *
   * @throws IllegalArgumentException when the file cannot be read or the key is too short
   */
  public static AppSecret fromFileOrEnvironment(Path keyFile, Map<String, String> environment) {
    if (keyFile != null) {
      String text;
      try {
        text = Files.readString(keyFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the key file " + keyFile + ": " + why(e));
      }
      try {
        return of(text.lines().findFirst().orElse(""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key file " + keyFile + ": " + e.getMessage());
      }
    }
    String fromEnv = environment.get(ENVIRONMENT);
    if (fromEnv != null && !fromEnv.isBlank()) {
      try {
        return of(fromEnv);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(ENVIRONMENT + ": " + e.getMessage());
      }
    }
    return TEST_KEY;
  }

  /** Why a key file could not be read, in words (never the file's content). */
  private static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  public boolean isTestKey() {
    return key.equals(TEST_KEY.key);
  }

  /** The key itself, for TLSSigAPIv2 signing and verification only. */
  public String reveal() {
    return key;
  }

  /**
   * 16 hex digits identifying the key (HMAC-SHA256 of a constant under the key): equal keys have
   * equal fingerprints, and the fingerprint tells nothing about the key.
   */
  public String fingerprint() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal("callfarm key fingerprint".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AppSecret s && s.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "AppSecret[" + (isTestKey() ? "test key " : "") + fingerprint() + "]";
  }
}
