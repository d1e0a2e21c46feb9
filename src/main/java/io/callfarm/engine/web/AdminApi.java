package io.callfarm.engine.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.signal.Frame;
import io.callfarm.engine.store.CallRecord;
import io.callfarm.engine.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The engine's admin REST API for load generators in other processes or on other hosts, in the style
 * of Tencent's server REST API: {@code POST /v4/callfarm/<command>?sdkappid=A&identifier=administrator
 * &usersig=S&random=R&contenttype=json} with a JSON body, answered by {@code {"ActionStatus":"OK"|"FAIL",
 * "ErrorCode":..,"ErrorInfo":..}} plus the command's fields. Only the reserved user
 * {@value #ADMINISTRATOR} is accepted, with a UserSig of the app's own key (the key never travels).
 * Commands:
 * <ul>
 *   <li>{@code call_records} {@code {"Since":ms,"SponsorPrefix":"r1a2b-","Limit":n}}: the call records
 *       started at or after {@code Since} (engine clock, epoch ms) whose sponsor starts with the prefix,
 *       oldest first, at most {@code Limit} (≤ {@value #MAX_RECORDS}); {@code Truncated} when more
 *       matched;</li>
 *   <li>{@code engine_stats} {@code {"Gc":true}}: the engine process's clock, heap in use (after a GC
 *       when asked), CPU time, open and maximum file descriptors.</li>
 * </ul>
 * Other paths are left to the next handler.
 */
final class AdminApi extends Handler.Abstract {
  /** The reserved admin user id (Tencent's REST API convention). */
  static final String ADMINISTRATOR = HttpAuth.ADMINISTRATOR;
  static final String PREFIX = "/v4/callfarm/";
  /** Records one answer may hold. */
  static final int MAX_RECORDS = 200_000;
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final Store store;
  private final HttpAuth auth;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  /** @param auth verifies the administrator's UserSig against the engine's app and key */
  AdminApi(Store store, HttpAuth auth) {
    this.store = store;
    this.auth = auth;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    if (!HttpMethod.POST.is(request.getMethod())) {
      fail(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, 6017,
          request.getMethod() + " " + path + ": the admin API takes POST with a JSON body");
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    Refusal refused = authenticate(query);
    if (refused != null) {
      fail(response, callback, refused.status(), refused.code(), refused.message());
      return true;
    }
    long length = request.getLength();
    if (length < 0 || length > MAX_BODY_BYTES) {
      fail(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, 60004, "the body must have a "
          + "Content-Length of at most " + MAX_BODY_BYTES + " bytes, got " + length);
      return true;
    }
    JsonNode body;
    try {
      body = Frame.JSON.readTree(length == 0 ? "{}" : Content.Source.asString(request));
    } catch (Exception e) {
      fail(response, callback, HttpStatus.BAD_REQUEST_400, 60001, "the body is not JSON: "
          + e.getMessage());
      return true;
    }
    if (body == null || !body.isObject()) {
      fail(response, callback, HttpStatus.BAD_REQUEST_400, 60001, "the body must be a JSON object");
      return true;
    }
    switch (path.substring(PREFIX.length())) {
      case "call_records" -> callRecords(body, response, callback);
      case "engine_stats" -> engineStats(body, response, callback);
      default -> fail(response, callback, HttpStatus.NOT_FOUND_404, 60002, "no admin command "
          + path + "; try " + PREFIX + "call_records or " + PREFIX + "engine_stats");
    }
    return true;
  }

  /** Why a request is not let in: HTTP status, error code, message. */
  private record Refusal(int status, int code, String message) {}

  /** Null when the query carries a valid administrator UserSig for the engine's app. */
  private Refusal authenticate(Fields query) {
    String identifier = query.getValue("identifier");
    if (!ADMINISTRATOR.equals(identifier)) {
      return new Refusal(HttpStatus.FORBIDDEN_403, 10007, "identifier '" + identifier
          + "' is not the app administrator ('" + ADMINISTRATOR + "')");
    }
    if (query.getValue("sdkappid") == null) {
      return new Refusal(HttpStatus.UNAUTHORIZED_401, 70020, "sdkappid must be the app's SDKAppID");
    }
    try {
      auth.authenticate(query);
      return null;
    } catch (HttpAuth.Refusal refused) {
      return new Refusal(refused.status, refused.code, "administrator UserSig refused: "
          + refused.getMessage());
    }
  }

  private void callRecords(JsonNode body, Response response, Callback callback) {
    long since = body.path("Since").asLong(0);
    String prefix = body.path("SponsorPrefix").asText("");
    int limit = body.path("Limit").asInt(MAX_RECORDS);
    if (since < 0 || limit < 1 || limit > MAX_RECORDS || !body.path("Since").isIntegralNumber()) {
      fail(response, callback, HttpStatus.BAD_REQUEST_400, 6017, "call_records needs Since (epoch ms"
          + " >= 0) and an optional Limit 1.." + MAX_RECORDS + ", got " + body);
      return;
    }
    // newest first: scan until the records start before Since (one more than the limit tells
    // whether the answer is complete)
    List<CallRecord> matching = new ArrayList<>();
    boolean truncated = false;
    for (CallRecord call : store.calls(MAX_RECORDS + 1)) {
      if (call.startedAtMillis() < since) {
        break;
      }
      if (call.sponsor().startsWith(prefix)) {
        if (matching.size() == limit) {
          truncated = true;
          break;
        }
        matching.add(call);
      }
    }
    ObjectNode answer = ok();
    ArrayNode records = answer.putArray("Records");
    for (int i = matching.size() - 1; i >= 0; i--) {
      CallRecord call = matching.get(i);
      ObjectNode row = records.addObject().put("CallId", call.callId())
          .put("Sponsor", call.sponsor()).put("RoomId", call.roomId())
          .put("StartedAt", call.startedAtMillis()).put("EndedAt", call.endedAtMillis())
          .put("Outcome", call.outcome()).put("DurationMs", call.durationMillis());
      row.put("GroupId", call.groupId());
      ArrayNode participants = row.putArray("Participants");
      call.participants().forEach(p -> participants.addObject().put("UserId", p.userId())
          .put("Outcome", p.outcome()));
    }
    answer.put("Truncated", truncated);
    reply(response, callback, HttpStatus.OK_200, answer);
  }

  private void engineStats(JsonNode body, Response response, Callback callback) {
    if (body.path("Gc").asBoolean(false)) {
      memory.gc();
    }
    ObjectNode answer = ok().put("NowMillis", System.currentTimeMillis())
        .put("HeapUsedBytes", memory.getHeapMemoryUsage().getUsed())
        .put("Processors", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean os) {
      answer.put("CpuNanos", os.getProcessCpuTime()).put("OpenFiles", os.getOpenFileDescriptorCount())
          .put("MaxFiles", os.getMaxFileDescriptorCount());
    }
    reply(response, callback, HttpStatus.OK_200, answer);
  }

  private static ObjectNode ok() {
    return Frame.JSON.createObjectNode().put("ActionStatus", "OK").put("ErrorCode", 0)
        .put("ErrorInfo", "");
  }

  private static void fail(Response response, Callback callback, int status, int code,
      String message) {
    reply(response, callback, status, Frame.JSON.createObjectNode().put("ActionStatus", "FAIL")
        .put("ErrorCode", code).put("ErrorInfo", message));
  }

  private static void reply(Response response, Callback callback, int status, ObjectNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, body.toString(), callback);
  }
}
