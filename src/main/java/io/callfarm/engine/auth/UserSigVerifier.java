package io.callfarm.engine.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies TLSSigAPIv2 UserSigs. Tencent's {@code tls-sig-api-v2} library only generates, so this
 * class re-applies its published algorithm (base64url with {@code *-_}, zlib, JSON, HMAC-SHA256 over
 * the identifier/sdkappid/time/expire lines); tests prove it accepts every signature the library
 * generates and nothing else. Thread-safe.
 */
public final class UserSigVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DECODED_BYTES = 8192;
  /**
   * The largest TLS.time and TLS.expire accepted, in seconds (year 5138: far beyond any real UserSig, far below
   * overflow); issuers refuse a longer validity.
   */
  public static final long MAX_EPOCH_SECONDS = 1L << 37;
  /** How far a UserSig's issue time may lie ahead of the engine's clock (clock skew). */
  public static final java.time.Duration MAX_CLOCK_SKEW = java.time.Duration.ofMinutes(5);
  /** The privateMapKey privilege bit "enter room" (TRTC: 0x02). */
  public static final int PRIVILEGE_ENTER = 0x02;

  /** What a valid UserSig states. Times in epoch seconds. */
  public record Claims(String userId, long sdkAppId, long issuedAt, long expireSeconds) {
    public Instant expiresAt() {
      return Instant.ofEpochSecond(issuedAt + expireSeconds);
    }
  }

  /**
   * Checks {@code userSig} for a login of {@code userId} into {@code sdkAppId}.
   *
   * @param secretKey the app's key, as given to the issuer
   * @param now the verification instant (expiry is checked against it)
   * @throws AuthException with the code that says what is wrong, checked in the order: empty,
   *     undecodable, malformed, wrong app, wrong user, forged, issued in the future (beyond
   *     {@link #MAX_CLOCK_SKEW}), expired
   */
  public Claims verify(String userSig, long sdkAppId, String userId, String secretKey, Instant now)
      throws AuthException {
    return verifyDocument(userSig, sdkAppId, userId, secretKey, now).claims();
  }

  /**
   * Checks a privateMapKey ({@code TLSSigAPIv2.genPrivateMapKey}) for {@code userId} entering room
   * {@code roomId}: a valid signature as {@link #verify}, plus a user buffer naming this user, app
   * and room, not past its own expiry, with the {@link #PRIVILEGE_ENTER} bit.
   *
   * @throws AuthException {@link AuthCode#ROOM_PERMISSION} when the key is valid but not for this
   *     room or without the privilege; the UserSig codes when the key itself is bad
   */
  public void verifyRoomKey(String privateMapKey, long sdkAppId, String userId, int roomId,
      String secretKey, Instant now) throws AuthException {
    Verified verified = verifyDocument(privateMapKey, sdkAppId, userId, secretKey, now);
    String userBuf = verified.doc().path("TLS.userbuf").asText(null);
    if (userBuf == null) {
      throw new AuthException(AuthCode.ROOM_PERMISSION, "a UserSig is not a privateMapKey: it "
          + "carries no room");
    }
    RoomGrant grant = RoomGrant.parse(userBuf);
    if (!grant.userId().equals(userId) || grant.sdkAppId() != sdkAppId) {
      throw new AuthException(AuthCode.ROOM_PERMISSION, "the key's room grant is for '"
          + grant.userId() + "' in app " + grant.sdkAppId());
    }
    if (grant.roomId() != Integer.toUnsignedLong(roomId)) {
      throw new AuthException(AuthCode.ROOM_PERMISSION, "the key is for room " + grant.roomId()
          + ", not " + roomId);
    }
    if (grant.expiresAtSeconds() <= now.getEpochSecond()) {
      throw new AuthException(AuthCode.ROOM_PERMISSION, "the room grant expired at "
          + Instant.ofEpochSecond(grant.expiresAtSeconds()));
    }
    if ((grant.privileges() & PRIVILEGE_ENTER) == 0) {
      throw new AuthException(AuthCode.ROOM_PERMISSION, "the key lacks the enter-room privilege "
          + "(0x02); privileges 0x" + Long.toHexString(grant.privileges()));
    }
  }

  private record Verified(Claims claims, JsonNode doc) {}

  private Verified verifyDocument(String userSig, long sdkAppId, String userId, String secretKey,
      Instant now) throws AuthException {
    if (userSig == null || userSig.isBlank()) {
      throw new AuthException(AuthCode.EMPTY, "login needs the userSig issued by the app backend");
    }
    JsonNode doc = parse(inflate(decodeBase64Url(userSig)));
    Claims claims = claims(doc);
    if (claims.sdkAppId() != sdkAppId) {
      throw new AuthException(AuthCode.WRONG_APP,
          "sig is for " + claims.sdkAppId() + ", login is for " + sdkAppId);
    }
    if (!claims.userId().equals(userId)) {
      throw new AuthException(AuthCode.WRONG_USER,
          "sig is for '" + claims.userId() + "', login is for '" + userId + "'");
    }
    String expected = hmac(secretKey, claims, doc.path("TLS.userbuf").asText(null));
    byte[] given = doc.path("TLS.sig").asText("").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given)) {
      throw new AuthException(AuthCode.FORGED, "check the app's secret key");
    }
    if (claims.issuedAt() > now.getEpochSecond() + MAX_CLOCK_SKEW.toSeconds()) {
      throw new AuthException(AuthCode.ISSUED_IN_FUTURE, "issued at "
          + Instant.ofEpochSecond(claims.issuedAt()) + ", more than " + MAX_CLOCK_SKEW.toMinutes()
          + " min after the engine's clock (" + now + "); check the app backend's clock");
    }
    if (!now.isBefore(claims.expiresAt())) {
      throw new AuthException(AuthCode.EXPIRED, "expired at " + claims.expiresAt()
          + "; ask the app backend for a new one");
    }
    return new Verified(claims, doc);
  }

  private static byte[] decodeBase64Url(String sig) throws AuthException {
    String standard = sig.trim().replace('*', '+').replace('-', '/').replace('_', '=');
    try {
      return Base64.getDecoder().decode(standard);
    } catch (IllegalArgumentException e) {
      throw new AuthException(AuthCode.UNDECODABLE, e.getMessage());
    }
  }

  private static byte[] inflate(byte[] compressed) throws AuthException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new AuthException(AuthCode.UNDECODABLE, "truncated zlib stream");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_DECODED_BYTES) {
          throw new AuthException(AuthCode.UNDECODABLE, "decoded sig exceeds " + MAX_DECODED_BYTES);
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new AuthException(AuthCode.UNDECODABLE, "not zlib data: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static JsonNode parse(byte[] json) throws AuthException {
    try {
      JsonNode doc = JSON.readTree(json);
      if (doc == null || !doc.isObject()) {
        throw new AuthException(AuthCode.MALFORMED, "not a JSON object");
      }
      return doc;
    } catch (java.io.IOException e) {
      throw new AuthException(AuthCode.MALFORMED, "not JSON");
    }
  }

  private static Claims claims(JsonNode doc) throws AuthException {
    for (String field : new String[] {"TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire",
        "TLS.sig"}) {
      if (!doc.hasNonNull(field)) {
        throw new AuthException(AuthCode.MALFORMED, "missing " + field);
      }
    }
    if (!doc.get("TLS.sdkappid").canConvertToLong() || !doc.get("TLS.time").canConvertToLong()
        || !doc.get("TLS.expire").canConvertToLong() || !doc.get("TLS.identifier").isTextual()) {
      throw new AuthException(AuthCode.MALFORMED, "fields of the wrong type");
    }
    long issuedAt = doc.get("TLS.time").asLong();
    long expire = doc.get("TLS.expire").asLong();
    // bounded so that issuedAt + expire and Instant.ofEpochSecond never overflow
    if (issuedAt < 0 || issuedAt > MAX_EPOCH_SECONDS || expire < 0 || expire > MAX_EPOCH_SECONDS) {
      throw new AuthException(AuthCode.MALFORMED, "TLS.time and TLS.expire must be 0.."
          + MAX_EPOCH_SECONDS + " seconds");
    }
    return new Claims(doc.get("TLS.identifier").asText(), doc.get("TLS.sdkappid").asLong(),
        issuedAt, expire);
  }

  private static String hmac(String key, Claims c, String userBuf) {
    StringBuilder content = new StringBuilder()
        .append("TLS.identifier:").append(c.userId()).append('\n')
        .append("TLS.sdkappid:").append(c.sdkAppId()).append('\n')
        .append("TLS.time:").append(c.issuedAt()).append('\n')
        .append("TLS.expire:").append(c.expireSeconds()).append('\n');
    if (userBuf != null) {
      content.append("TLS.userbuf:").append(userBuf).append('\n');
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(content.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
    }
  }
}
