package io.callfarm.engine.web;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.signal.RawSocket;
import io.callfarm.scratch.Scratch;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The engine's HTTP side over real HTTP: the web client's files, the JSON endpoints and who may
 * call them (UserSig authentication, the test-login gate, the Host/Origin allow-list that also
 * guards the WebSocket upgrade).
 */
@Test(groups = "integration")
public class WebApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EngineHarness farm;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(5));
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    farm.close();
  }

  @Test
  public void servesTheClientAtTheRoot() throws Exception {
    HttpResponse<String> index = get(farm.engine().webUri());
    assertEquals(index.statusCode(), 200);
    assertTrue(index.body().contains("id=\"screen-login\""), index.body());
    HttpResponse<String> module = get(farm.engine().webUri().resolve("/js/call.js"));
    assertEquals(module.statusCode(), 200);
    assertTrue(module.headers().firstValue("content-type").orElse("").contains("javascript"),
        module.headers().toString());
  }

  @Test
  public void issuesAUserSigThatLogsIn() throws Exception {
    String u = user("web");
    JsonNode body = json(get(farm.engine().webUri().resolve("/api/usersig?userId=" + u)), 200);
    assertEquals(body.path("userId").asText(), u);
    assertEquals(body.path("sdkAppId").asLong(), farm.engine().sdkAppId());
    Device device = farm.device();
    device.client().login(body.path("sdkAppId").asLong(), u, body.path("userSig").asText())
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  public void refusesAnInvalidUserIdAndTheAdministrator() throws Exception {
    JsonNode body = json(get(farm.engine().webUri().resolve("/api/usersig?userId=a%20b")), 400);
    assertEquals(body.path("code").asInt(), 70107);
    assertTrue(body.path("message").asText().contains("'a b'"), body.toString());
    assertEquals(json(get(farm.engine().webUri().resolve("/api/usersig")), 400).path("code").asInt(),
        70107);
    JsonNode admin = json(get(farm.engine().webUri().resolve("/api/usersig?userId=administrator")),
        403);
    assertEquals(admin.path("code").asInt(), 60014, admin.toString());
  }

  @Test
  public void listsUsersAndCallsOnlyToTheirUsers() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    bob.client().reject();
    expect(alice.log(), "onCallEnd");
    JsonNode users = json(get(api("/api/users", a)), 200).path("users");
    assertTrue(users.toString().contains("\"" + a + "\"") && users.toString().contains("\"" + b + "\""),
        users.toString());
    JsonNode calls = awaitCalls(b, b);
    assertEquals(calls.get(0).path("sponsor").asText(), a);
    assertEquals(calls.get(0).path("outcome").asText(), "rejected");
    assertEquals(awaitCalls(b, "administrator").get(0).path("sponsor").asText(), a,
        "the app administrator reads anyone's history");
    String nobody = user("nobody");
    assertEquals(json(get(api("/api/calls?userId=" + nobody, nobody)), 200).path("calls").size(), 0);

    // strangers: no credentials, someone else's history, a forged or expired UserSig
    assertEquals(json(get(farm.engine().webUri().resolve("/api/users")), 401).path("code").asInt(),
        60014);
    assertEquals(json(get(farm.engine().webUri().resolve("/api/calls?userId=" + b)), 401)
        .path("code").asInt(), 60014);
    assertEquals(json(get(api("/api/calls?userId=" + b, a)), 403).path("code").asInt(), 60014,
        "alice may not read bob's history");
    String forged = "/api/users?identifier=" + a + "&usersig=" + URLEncoder.encode(
        new io.callfarm.engine.auth.UserSigIssuer(farm.engine().sdkAppId(),
            AppSecret.of("another-key-0123456789abcdef")).issue(a, Duration.ofMinutes(5)),
        StandardCharsets.UTF_8);
    assertEquals(json(get(farm.engine().webUri().resolve(forged)), 401).path("code").asInt(), 70009);
    assertEquals(json(get(farm.engine().webUri().resolve("/api/users?identifier=" + a
        + "&usersig=garbage")), 401).path("code").asInt() / 10, 7000, "undecodable sig");
  }

  @Test
  public void unknownEndpointsAndMethodsAreJsonErrors() throws Exception {
    assertEquals(json(get(farm.engine().webUri().resolve("/api/nope")), 404).path("code").asInt(), 404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(farm.engine().webUri()
        .resolve("/api/users")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(json(post, 405).path("code").asInt(), 405);
  }

  @Test
  public void testLoginsOnlyWithTheTestKeyAndNotWhenSwitchedOff() throws Exception {
    Path dir = Scratch.folder("callfarm-web");
    EngineConfig base = EngineConfig.defaults(dir.resolve("engine.db"));
    EngineConfig off = new EngineConfig(base.database(), base.sdkAppId(), base.secret(),
        base.server(), false);
    try (Engine engine = Engine.start(off)) {
      JsonNode body = json(get(engine.webUri().resolve("/api/usersig?userId=alice")), 403);
      assertTrue(body.path("message").asText().contains("testUserSigEndpoint"), body.toString());
    }
    // asked for, but with a real key: the engine refuses to hand out logins signed with it
    EngineConfig realKey = base.withApp(base.sdkAppId(), AppSecret.of("a-real-key-0123456789abcdef"));
    try (Engine engine = Engine.start(realKey)) {
      assertFalse(engine.issuesTestUserSigs());
      json(get(engine.webUri().resolve("/api/usersig?userId=alice")), 403);
    }
  }

  @Test
  public void foreignHostsAndOriginsAreRefusedOnHttpAndTheUpgrade() throws Exception {
    URI web = farm.engine().webUri();
    int port = web.getPort();
    RawHttp rebinding = RawHttp.get(port, "/", Map.of("Host", "evil.example:" + port));
    assertEquals(rebinding.status, 403, rebinding.body);
    assertEquals(JSON.readTree(rebinding.body).path("code").asInt(), 60013);
    RawHttp foreignOrigin = RawHttp.get(port, "/api/usersig?userId=x1",
        Map.of("Host", "127.0.0.1:" + port, "Origin", "http://evil.example"));
    assertEquals(foreignOrigin.status, 403, foreignOrigin.body);
    assertEquals(RawHttp.get(port, "/", Map.of("Host", "127.0.0.1:" + (port + 1))).status, 403,
        "another port is another origin");
    assertEquals(RawHttp.get(port, "/", Map.of("Host", "localhost:" + port)).status, 200);
    assertEquals(RawHttp.get(port, "/", Map.of("Host", "127.0.0.1:" + port,
        "Origin", "http://localhost:" + port)).status, 200);

    ExecutionException upgrade = expectThrows(ExecutionException.class,
        () -> RawSocket.connect(farm.engine().signallingUri(), "http://evil.example").close());
    assertTrue(String.valueOf(upgrade.getCause()).contains("403"), String.valueOf(upgrade.getCause()));
    try (RawSocket own = RawSocket.connect(farm.engine().signallingUri(), "http://127.0.0.1:" + port)) {
      own.expectAlive(1);
    }
  }

  /** One HTTP/1.1 request over a plain socket, so the test controls every header (Host too). */
  private record RawHttp(int status, String body) {
    static RawHttp get(int port, String path, Map<String, String> headers) throws Exception {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("Connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int status = Integer.parseInt(response.substring(9, 12));
        int bodyAt = response.indexOf("\r\n\r\n");
        return new RawHttp(status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
      }
    }
  }

  private URI api(String pathAndQuery, String identifier) throws Exception {
    String sig = farm.engine().userSig(identifier, Duration.ofMinutes(5));
    String sep = pathAndQuery.contains("?") ? "&" : "?";
    return farm.engine().webUri().resolve(pathAndQuery + sep + "identifier=" + identifier
        + "&usersig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8));
  }

  private JsonNode awaitCalls(String userId, String asker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      farm.engine().store().flush();
      JsonNode calls = json(get(api("/api/calls?userId=" + userId, asker)), 200).path("calls");
      if (calls.size() > 0 || System.nanoTime() > deadline) {
        assertTrue(calls.size() > 0, "no call record for " + userId + " within 5 s");
        return calls;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(response.statusCode(), status, response.uri() + " answered " + response.body());
    assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    return JSON.readTree(response.body());
  }
}
