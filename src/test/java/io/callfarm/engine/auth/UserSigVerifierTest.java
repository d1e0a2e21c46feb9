package io.callfarm.engine.auth;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.expectThrows;

import com.tencentyun.TLSSigAPIv2;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.Deflater;
import org.testng.annotations.Test;

/** The verifier against signatures Tencent's own library generates, and every refusal code. */
public class UserSigVerifierTest {
  private static final long APP = 1400000001L;
  private static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
  private final UserSigVerifier verifier = new UserSigVerifier();

  @Test
  public void acceptsWhatTheLibraryGeneratesForManyUsers() throws Exception {
    TLSSigAPIv2 library = new TLSSigAPIv2(APP, KEY);
    for (String user : new String[] {"alice", "bob_2", "Zed-9", "x", "a".repeat(32)}) {
      String sig = library.genUserSig(user, 3600);
      UserSigVerifier.Claims claims = verifier.verify(sig, APP, user, KEY, Instant.now());
      assertEquals(claims.userId(), user);
      assertEquals(claims.sdkAppId(), APP);
      assertEquals(claims.expireSeconds(), 3600);
    }
  }

  @Test
  public void expiredSigIsRefusedWith70001() throws Exception {
    String sig = new TLSSigAPIv2(APP, KEY).genUserSig("alice", 60);
    AuthException e = expectThrows(AuthException.class,
        () -> verifier.verify(sig, APP, "alice", KEY, Instant.now().plus(Duration.ofSeconds(61))));
    assertEquals(e.code(), AuthCode.EXPIRED);
    assertEquals(e.code().code(), 70001);
  }

  @Test
  public void sigFromAnotherKeyIsForged() throws Exception {
    String sig = new TLSSigAPIv2(APP, KEY + "x").genUserSig("alice", 600);
    assertCode(sig, "alice", AuthCode.FORGED);
  }

  @Test
  public void tamperedClaimsAreForged() throws Exception {
    // Re-sign nothing, just raise the expiry in the JSON: the HMAC no longer matches.
    String sig = new TLSSigAPIv2(APP, KEY).genUserSig("alice", 60);
    String json = decode(sig).replace("\"TLS.expire\":60", "\"TLS.expire\":999999");
    assertCode(encode(json), "alice", AuthCode.FORGED);
  }

  @Test
  public void wrongAppAndWrongUserHaveTheirOwnCodes() throws Exception {
    String sig = new TLSSigAPIv2(APP + 1, KEY).genUserSig("alice", 600);
    assertCode(sig, "alice", AuthCode.WRONG_APP);
    String bobs = new TLSSigAPIv2(APP, KEY).genUserSig("bob", 600);
    assertCode(bobs, "alice", AuthCode.WRONG_USER);
  }

  @Test
  public void malformedInputsAreRefusedWithDistinctCodes() throws Exception {
    assertCode("", "alice", AuthCode.EMPTY);
    assertCode("%%%not-base64%%%", "alice", AuthCode.UNDECODABLE);
    assertCode(Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8))
        .replace('=', '_'), "alice", AuthCode.UNDECODABLE);
    assertCode(encode("[1,2,3]"), "alice", AuthCode.MALFORMED);
    assertCode(encode("{\"TLS.identifier\":\"alice\"}"), "alice", AuthCode.MALFORMED);
    assertCode(encode("not json at all"), "alice", AuthCode.MALFORMED);
  }

  @Test
  public void userIdRuleMatchesTheComponent() {
    assertEquals(UserIds.isValid("user_1-A"), true);
    assertEquals(UserIds.isValid("has space"), false);
    assertEquals(UserIds.isValid("ünïcode"), false);
    assertEquals(UserIds.isValid(""), false);
    assertEquals(UserIds.isValid("a".repeat(33)), false);
    assertThrows(AuthException.class, () -> UserIds.require("a/b"));
  }

  @Test
  public void issuerProducesSigsTheVerifierAccepts() throws Exception {
    UserSigIssuer issuer = new UserSigIssuer(APP, AppSecret.of(KEY));
    String sig = issuer.issue("carol", Duration.ofMinutes(5));
    assertEquals(verifier.verify(sig, APP, "carol", KEY, Instant.now()).userId(), "carol");
    AuthException e = expectThrows(AuthException.class,
        () -> issuer.issue("bad id", Duration.ofMinutes(5)));
    assertEquals(e.code(), AuthCode.INVALID_USER_ID);
  }

  @Test
  public void sigIssuedInTheFutureIsRefusedBeyondTheClockSkew() throws Exception {
    String sig = new TLSSigAPIv2(APP, KEY).genUserSig("alice", 20L * 365 * 24 * 3600);
    // seen from ten years ago, the sig is issued ten years in the future: a forged clock
    AuthException e = expectThrows(AuthException.class, () -> verifier.verify(sig, APP, "alice",
        KEY, Instant.now().minus(Duration.ofDays(3650))));
    assertEquals(e.code(), AuthCode.ISSUED_IN_FUTURE);
    assertEquals(e.code().code(), 60021);
    // within the allowed skew it verifies: backend clocks a little ahead are fine
    verifier.verify(sig, APP, "alice", KEY,
        Instant.now().minus(UserSigVerifier.MAX_CLOCK_SKEW).plusSeconds(5));
  }

  @Test
  public void timesThatWouldOverflowAreMalformedNotACrash() {
    String json = "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"alice\",\"TLS.sdkappid\":" + APP
        + ",\"TLS.time\":" + Long.MAX_VALUE + ",\"TLS.expire\":" + Long.MAX_VALUE
        + ",\"TLS.sig\":\"x\"}";
    assertCode(encode(json), "alice", AuthCode.MALFORMED);
  }

  @Test
  public void privateMapKeyAdmitsOnlyItsUserToItsRoomWithTheEnterPrivilege() throws Exception {
    TLSSigAPIv2 library = new TLSSigAPIv2(APP, KEY);
    Instant now = Instant.now();
    verifier.verifyRoomKey(library.genPrivateMapKey("alice", 600, 4242, 0xff), APP, "alice", 4242,
        KEY, now);
    int big = Integer.MAX_VALUE; // room ids are positive 31-bit ints: the unsigned field holds them
    verifier.verifyRoomKey(library.genPrivateMapKey("alice", 600, big, 0x02), APP, "alice", big,
        KEY, now);
    assertRoomKey(library.genPrivateMapKey("alice", 600, 4242, 0xff), "alice", 4243,
        AuthCode.ROOM_PERMISSION);
    assertRoomKey(library.genPrivateMapKey("alice", 600, 4242, 0xfd), "alice", 4242,
        AuthCode.ROOM_PERMISSION); // every privilege but "enter room"
    assertRoomKey(library.genUserSig("alice", 600), "alice", 4242, AuthCode.ROOM_PERMISSION);
    assertRoomKey(library.genPrivateMapKey("bob", 600, 4242, 0xff), "alice", 4242,
        AuthCode.WRONG_USER);
    assertRoomKey(new TLSSigAPIv2(APP, KEY + "x").genPrivateMapKey("alice", 600, 4242, 0xff),
        "alice", 4242, AuthCode.FORGED);
    String shortLived = library.genPrivateMapKey("alice", 60, 4242, 0xff);
    AuthException expired = expectThrows(AuthException.class, () -> verifier.verifyRoomKey(
        shortLived, APP, "alice", 4242, KEY, now.plusSeconds(120)));
    assertEquals(expired.code(), AuthCode.EXPIRED);
  }

  private void assertRoomKey(String key, String user, int roomId, AuthCode expected) {
    AuthException e = expectThrows(AuthException.class,
        () -> verifier.verifyRoomKey(key, APP, user, roomId, KEY, Instant.now()));
    assertEquals(e.code(), expected, e.getMessage());
  }

  private void assertCode(String sig, String user, AuthCode expected) {
    AuthException e = expectThrows(AuthException.class,
        () -> verifier.verify(sig, APP, user, KEY, Instant.now()));
    assertEquals(e.code(), expected, e.getMessage());
  }

  private static String decode(String sig) throws Exception {
    byte[] raw = Base64.getDecoder().decode(sig.replace('*', '+').replace('-', '/').replace('_', '='));
    java.util.zip.Inflater inflater = new java.util.zip.Inflater();
    inflater.setInput(raw);
    byte[] out = new byte[4096];
    int n = inflater.inflate(out);
    inflater.end();
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static String encode(String json) {
    Deflater deflater = new Deflater();
    deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return Base64.getEncoder().encodeToString(out.toByteArray())
        .replace('+', '*').replace('/', '-').replace('=', '_');
  }
}
