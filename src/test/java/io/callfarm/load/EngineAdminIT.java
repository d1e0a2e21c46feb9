package io.callfarm.load;

import io.callfarm.engine.auth.AppSecret;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.engine.EngineConfig;
import io.callfarm.engine.EngineHarness;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.store.CallRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The engine's admin REST API over real HTTP, as a load generator in another process uses it: the
 * administrator's UserSig from the app key lets it in; another identifier, another key, an expired
 * sig or a GET does not, each with its code; call records are filtered by start time and sponsor
 * prefix.
 */
@Test(groups = "integration")
public class EngineAdminIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private EngineHarness farm;
  private EngineTarget target;

  @BeforeClass
  public void start() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(5));
    target = EngineTarget.remote(farm.engine().signallingUri(), EngineConfig.DEFAULT_APP,
        AppSecret.TEST_KEY.reveal());
  }

  @AfterClass(alwaysRun = true)
  public void stop() throws Exception {
    farm.close();
  }

  @Test
  public void statsDescribeTheEngineProcess() throws Exception {
    EngineAdmin.Stats stats = new EngineAdmin(target).stats(true);
    assertTrue(stats.heapUsedBytes() > 0 && stats.maxFiles() > 0 && stats.openFiles() > 0
        && stats.cpuNanos() > 0, stats.toString());
    assertTrue(Math.abs(stats.nowMillis() - System.currentTimeMillis()) < 5000, stats.toString());
  }

  @Test
  public void callRecordsSinceATimeForASponsorPrefix() throws Exception {
    EngineAdmin admin = new EngineAdmin(target);
    long since = admin.stats(false).nowMillis();
    String prefix = EngineHarness.user("adm") + "-";
    EngineHarness.Device caller = farm.login(prefix + "a");
    EngineHarness.Device callee = farm.login(prefix + "b");
    caller.client().call(prefix + "b");
    callee.log().await("onInvited(" + prefix + "a,[]," + "false)", Duration.ofSeconds(5))
        .orElseThrow();
    callee.client().reject();
    caller.log().await("onCallEnd", Duration.ofSeconds(5)).orElseThrow();
    List<CallRecord> records = List.of();
    for (int i = 0; i < 50 && records.isEmpty(); i++) {
      records = admin.callRecords(since, prefix);
      Thread.sleep(100);
    }
    assertEquals(records.size(), 1, "records: " + records);
    assertEquals(records.get(0).sponsor(), prefix + "a");
    assertEquals(records.get(0).participants().stream().filter(p -> p.userId().equals(prefix + "b"))
        .findFirst().orElseThrow().outcome(), "rejected");
    assertTrue(admin.callRecords(since, prefix + "nobody").isEmpty(), "another prefix");
    assertTrue(admin.callRecords(System.currentTimeMillis() + 60_000, prefix).isEmpty(),
        "a later start time");
  }

  @Test
  public void anotherKeyIsRefusedAsForged() {
    EngineAdmin forged = new EngineAdmin(EngineTarget.remote(farm.engine().signallingUri(),
        EngineConfig.DEFAULT_APP, "not-the-engines-key-0123456789abcdef"));
    IOException e = expectThrows(IOException.class, () -> forged.stats(false));
    assertTrue(e.getMessage().contains("code 70009") && e.getMessage().contains("HTTP 401"),
        e.getMessage());
  }

  @Test
  public void onlyTheAdministratorGetsIn() throws Exception {
    String sig = new UserSigIssuer(EngineConfig.DEFAULT_APP, AppSecret.TEST_KEY)
        .issue("alice", Duration.ofHours(1));
    HttpResponse<String> answer = post("alice", sig, "engine_stats");
    assertEquals(answer.statusCode(), 403, answer.body());
    JsonNode body = JSON.readTree(answer.body());
    assertEquals(body.path("ActionStatus").asText(), "FAIL");
    assertEquals(body.path("ErrorCode").asInt(), 10007, answer.body());
  }

  @Test
  public void anExpiredAdministratorSigIsRefused() throws Exception {
    String sig = new UserSigIssuer(EngineConfig.DEFAULT_APP, AppSecret.TEST_KEY)
        .issue("administrator", Duration.ZERO);
    HttpResponse<String> answer = post("administrator", sig, "engine_stats");
    assertEquals(answer.statusCode(), 401, answer.body());
    assertEquals(JSON.readTree(answer.body()).path("ErrorCode").asInt(), 70001, answer.body());
  }

  @Test
  public void getAndUnknownCommandsAreRefusedWithCodes() throws Exception {
    String sig = new UserSigIssuer(EngineConfig.DEFAULT_APP, AppSecret.TEST_KEY)
        .issue("administrator", Duration.ofHours(1));
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("administrator", sig,
        "engine_stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(get.statusCode(), 405, get.body());
    HttpResponse<String> unknown = post("administrator", sig, "drop_tables");
    assertEquals(unknown.statusCode(), 404, unknown.body());
    assertEquals(JSON.readTree(unknown.body()).path("ErrorCode").asInt(), 60002, unknown.body());
  }

  private HttpResponse<String> post(String identifier, String sig, String command)
      throws Exception {
    return http.send(HttpRequest.newBuilder(uri(identifier, sig, command))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String identifier, String sig, String command) {
    return target.httpBase().resolve("/v4/callfarm/" + command + "?sdkappid="
        + EngineConfig.DEFAULT_APP + "&identifier=" + identifier + "&usersig="
        + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&random=1&contenttype=json");
  }
}
