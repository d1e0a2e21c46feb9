package io.callfarm.engine;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.cli.CallFarm;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.signal.RawSocket;
import io.callfarm.scratch.Scratch;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.testng.annotations.Test;

/**
 * The app's secret key never leaves the engine: a run of {@code callfarm engine} with a real key
 * (from {@code CALLFARM_SECRET_KEY}, or from {@code --key-file}) does logins good and bad, calls,
 * offline messages, refused frames and HTTP requests, and then no file it wrote — database, its
 * write-ahead log, its output — holds the key, nor does its command line.
 */
@Test(groups = "integration")
public class SecretKeyIT {
  private static final Pattern READY = Pattern.compile("engine ready: (ws://\\S+)");

  @Test(timeOut = 90_000)
  public void aKeyFromTheEnvironmentIsInNoFileTheRunWrites() throws Exception {
    String key = newKey();
    Path dir = Scratch.folder("callfarm-secret");
    try (ChildJvm engine = ChildJvm.start(CallFarm.class, List.of("engine", "--db",
        dir.resolve("engine.db").toString()), Map.of(AppSecret.ENVIRONMENT, key),
        dir.resolve("engine.log"))) {
      exercise(engine, key);
      assertNotInCommandLine(engine, key);
      engine.stop();
    }
    assertNotInFiles(dir, key);
  }

  @Test(timeOut = 90_000)
  public void aKeyFromAFileIsInNoFileTheRunWrites() throws Exception {
    String key = newKey();
    Path keyFile = Scratch.folder("callfarm-keyfile").resolve("app.key");
    Files.writeString(keyFile, key + "\n");
    Path dir = Scratch.folder("callfarm-secret");
    try (ChildJvm engine = ChildJvm.start(CallFarm.class, List.of("engine", "--db",
        dir.resolve("engine.db").toString(), "--key-file", keyFile.toString()), Map.of(),
        dir.resolve("engine.log"))) {
      exercise(engine, key);
      assertNotInCommandLine(engine, key);
      engine.stop();
    }
    assertNotInFiles(dir, key);
  }

  @Test
  public void configurationsPrintAFingerprintOnly() {
    String key = newKey();
    EngineConfig config = EngineConfig.defaults(Path.of("x.db"))
        .withApp(EngineConfig.DEFAULT_APP, AppSecret.of(key));
    assertFalse(config.toString().contains(key), config.toString());
    assertTrue(config.toString().contains(AppSecret.of(key).fingerprint()), config.toString());
  }

  /** Everything a client can make the engine do, good and bad. */
  private static void exercise(ChildJvm engine, String key) throws Exception {
    URI ws = URI.create(engine.await(READY, Duration.ofSeconds(30)));
    long app = EngineConfig.DEFAULT_APP;
    UserSigIssuer issuer = new UserSigIssuer(app, AppSecret.of(key));
    try (RawSocket alice = RawSocket.connect(ws); RawSocket bob = RawSocket.connect(ws);
         RawSocket eve = RawSocket.connect(ws)) {
      alice.send(RawSocket.login(1, app, "alice", issuer.issue("alice", Duration.ofMinutes(5))));
      alice.expectAck(1);
      bob.send(RawSocket.login(1, app, "bob", issuer.issue("bob", Duration.ofMinutes(5))));
      bob.expectAck(1);
      eve.send(RawSocket.login(1, app, "eve", new UserSigIssuer(app, AppSecret.TEST_KEY)
          .issue("eve", Duration.ofMinutes(5))));
      assertEquals(eve.expectError(1).path("code").asInt(), 70009);
      eve.send("{\"op\":\"login\",\"id\":2,\"sdkAppId\":" + app + ",\"userId\":\"eve\",\"userSig\":\""
          + key + "\"}"); // the key itself as a UserSig: refused without being echoed
      JsonNode refused = eve.expectError(2);
      assertFalse(refused.toString().contains(key), refused.toString());
      alice.send("{\"op\":\"c2c\",\"id\":2,\"to\":\"bob\",\"data\":{\"version\":4,\"call_type\":1,"
          + "\"call_id\":\"k1\",\"room_id\":4711,\"action\":1,\"invited_list\":[\"bob\"]}}");
      alice.expectAck(2);
      alice.send("{\"op\":\"room.enter\",\"id\":3,\"roomId\":4711}");
      alice.expectAck(3);
      bob.send("{\"op\":\"room.enter\",\"id\":2,\"roomId\":4711}");
      bob.expectAck(2);
      bob.send("{\"op\":\"room.leave\",\"id\":3,\"roomId\":4711}");
      bob.expectAck(3);
      alice.send("{\"op\":\"c2c\",\"id\":4,\"to\":\"carol\",\"data\":{\"hello\":1}}"); // offline
      alice.expectAck(4);
      alice.send("{not json");
      alice.expectAnonymousError();
      alice.send("{\"op\":\"room.leave\",\"id\":5,\"roomId\":4711}");
      alice.expectAck(5);
    }
    HttpClient http = HttpClient.newHttpClient();
    URI web = URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/");
    String sig = URLEncoder.encode(issuer.issue("alice", Duration.ofMinutes(5)),
        StandardCharsets.UTF_8);
    for (String path : List.of("/api/users?identifier=alice&usersig=" + sig,
        "/api/calls?userId=alice&identifier=alice&usersig=" + sig, "/api/usersig?userId=alice",
        "/api/users?identifier=alice&usersig=" + URLEncoder.encode(key, StandardCharsets.UTF_8))) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(web.resolve(path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertFalse(response.body().contains(key), path + " answered " + response.body());
      assertTrue(response.statusCode() == 200 || response.statusCode() >= 400, path);
    }
  }

  private static void assertNotInCommandLine(ChildJvm engine, String key) {
    String command = ProcessHandle.of(engine.pid()).flatMap(p -> p.info().commandLine())
        .orElseThrow(() -> new AssertionError("cannot read the engine's command line"));
    assertFalse(command.contains(key), "the key is visible in ps: " + command);
  }

  private static void assertNotInFiles(Path dir, String key) throws Exception {
    byte[] needle = key.getBytes(StandardCharsets.UTF_8);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().equals("engine.db")),
        "the run wrote its database: " + files);
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      assertFalse(contains(bytes, needle), file + " holds the secret key");
      assertFalse(contains(bytes, key.substring(0, 24).getBytes(StandardCharsets.UTF_8)),
          file + " holds part of the secret key");
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String newKey() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
