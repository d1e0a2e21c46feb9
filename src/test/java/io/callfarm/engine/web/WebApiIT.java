package io.callfarm.engine.web;

import static io.callfarm.engine.EngineHarness.user;
import static io.callfarm.engine.Timeline.expect;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.engine.Engine;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.EngineHarness.Device;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The engine's HTTP side: the web client's files and the JSON endpoints, over real HTTP. */
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
  public void refusesAnInvalidUserId() throws Exception {
    JsonNode body = json(get(farm.engine().webUri().resolve("/api/usersig?userId=a%20b")), 400);
    assertEquals(body.path("code").asInt(), 70107);
    assertTrue(body.path("message").asText().contains("'a b'"), body.toString());
    assertEquals(json(get(farm.engine().webUri().resolve("/api/usersig")), 400).path("code").asInt(),
        70107);
  }

  @Test
  public void listsUsersAndTheirCalls() throws Exception {
    String a = user("alice");
    String b = user("bob");
    Device alice = farm.login(a);
    Device bob = farm.login(b);
    alice.client().call(b);
    expect(bob.log(), "onInvited(" + a + ",[],false)");
    bob.client().reject();
    expect(alice.log(), "onCallEnd");
    JsonNode users = json(get(farm.engine().webUri().resolve("/api/users")), 200).path("users");
    assertTrue(users.toString().contains("\"" + a + "\"") && users.toString().contains("\"" + b + "\""),
        users.toString());
    JsonNode calls = awaitCalls(b);
    assertEquals(calls.get(0).path("sponsor").asText(), a);
    assertEquals(calls.get(0).path("outcome").asText(), "rejected");
    assertEquals(json(get(farm.engine().webUri().resolve("/api/calls?userId=" + user("nobody"))), 200)
        .path("calls").size(), 0);
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
  public void userSigEndpointIsOffUnlessEnabled() throws Exception {
    Path dir = Files.createTempDirectory("callfarm-web");
    EngineConfig base = EngineConfig.defaults(dir.resolve("engine.db"));
    EngineConfig off = new EngineConfig(base.database(), base.sdkAppId(), base.secretKey(),
        base.server(), false);
    try (Engine engine = Engine.start(off)) {
      JsonNode body = json(get(engine.webUri().resolve("/api/usersig?userId=alice")), 403);
      assertTrue(body.path("message").asText().contains("testUserSigEndpoint"), body.toString());
    }
  }

  private JsonNode awaitCalls(String userId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      farm.engine().store().flush();
      JsonNode calls = json(get(farm.engine().webUri().resolve("/api/calls?userId=" + userId)), 200)
          .path("calls");
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
