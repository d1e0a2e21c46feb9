package io.callfarm.load;

import io.callfarm.engine.auth.AppSecret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.store.CallRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Client of the engine's admin REST API ({@code /v4/callfarm/*}, Tencent's REST convention): every
 * request carries a UserSig for the reserved user {@value #ADMINISTRATOR}, minted here from the app
 * key, so the key itself never travels. Answers the cross-check's call records and the engine
 * process's heap, CPU and file descriptors. Thread-safe.
 */
final class EngineAdmin {
  static final String ADMINISTRATOR = "administrator";
  private static final Duration SIG_TTL = Duration.ofHours(1);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EngineTarget target;
  private final UserSigIssuer issuer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .build();
  private final SecureRandom random = new SecureRandom();

  /**
   * What the engine process reports about itself.
   *
   * @param nowMillis the engine's clock, epoch ms (call records carry this clock)
   * @param cpuNanos process CPU time so far, -1 when unknown
   * @param openFiles / maxFiles file descriptors in use and the process's limit, -1 when unknown
   */
  record Stats(long nowMillis, long heapUsedBytes, long cpuNanos, long openFiles, long maxFiles,
      int processors) {
    double heapMb() {
      return heapUsedBytes / (1024.0 * 1024.0);
    }
  }

  EngineAdmin(EngineTarget target) {
    this.target = target;
    this.issuer = new UserSigIssuer(target.sdkAppId(), AppSecret.of(target.secretKey()));
  }

  /** The engine's stats; with {@code gc} after a full collection (its live set). */
  Stats stats(boolean gc) throws IOException, InterruptedException {
    JsonNode a = post("engine_stats", JSON.createObjectNode().put("Gc", gc));
    return new Stats(a.path("NowMillis").asLong(), a.path("HeapUsedBytes").asLong(),
        a.path("CpuNanos").asLong(-1), a.path("OpenFiles").asLong(-1), a.path("MaxFiles").asLong(-1),
        a.path("Processors").asInt(1));
  }

  /**
   * Call records that started at or after {@code sinceMillis} (engine clock) with a sponsor id
   * starting with {@code sponsorPrefix}, oldest first.
   *
   * @throws IOException when the engine answers an error or more records matched than one answer holds
   */
  List<CallRecord> callRecords(long sinceMillis, String sponsorPrefix)
      throws IOException, InterruptedException {
    JsonNode a = post("call_records", JSON.createObjectNode().put("Since", sinceMillis)
        .put("SponsorPrefix", sponsorPrefix));
    if (a.path("Truncated").asBoolean(false)) {
      throw new IOException("the engine holds more call records since " + sinceMillis
          + " for '" + sponsorPrefix + "' than one answer carries");
    }
    List<CallRecord> records = new ArrayList<>();
    for (JsonNode r : a.path("Records")) {
      List<CallRecord.Participant> participants = new ArrayList<>();
      for (JsonNode p : r.path("Participants")) {
        participants.add(new CallRecord.Participant(p.path("UserId").asText(),
            p.path("Outcome").asText(), 0, 0));
      }
      records.add(new CallRecord(r.path("CallId").asText(), target.sdkAppId(),
          r.path("RoomId").asInt(), r.path("Sponsor").asText(), r.path("GroupId").asText(null),
          r.path("StartedAt").asLong(), r.path("EndedAt").asLong(), r.path("Outcome").asText(),
          r.path("DurationMs").asLong(), List.copyOf(participants)));
    }
    return records;
  }

  private JsonNode post(String command, ObjectNode body) throws IOException, InterruptedException {
    String sig;
    try {
      sig = issuer.issue(ADMINISTRATOR, SIG_TTL);
    } catch (AuthException e) {
      throw new IllegalStateException("cannot sign the administrator's UserSig: " + e.getMessage(), e);
    }
    URI uri = target.httpBase().resolve("/v4/callfarm/" + command + "?sdkappid=" + target.sdkAppId()
        + "&identifier=" + ADMINISTRATOR + "&usersig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8)
        + "&random=" + Integer.toUnsignedString(random.nextInt()) + "&contenttype=json");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException("the engine's admin API at " + target.httpBase() + " answered "
          + response.statusCode() + " without JSON: is it a CallFarm engine?", e);
    }
    if (!"OK".equals(answer.path("ActionStatus").asText())) {
      throw new IOException("the engine refused " + command + ": code "
          + answer.path("ErrorCode").asInt() + ", " + answer.path("ErrorInfo").asText()
          + " (HTTP " + response.statusCode() + ")");
    }
    return answer;
  }
}
