package io.callfarm.engine.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserIds;
import io.callfarm.engine.auth.UserSigIssuer;
import io.callfarm.engine.signal.ErrorCode;
import io.callfarm.engine.signal.Frame;
import io.callfarm.engine.store.CallRecord;
import io.callfarm.engine.store.Store;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
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
 * The JSON endpoints the web client needs besides the WebSocket: {@code GET /api/usersig?userId=U}
 * (a test login: only on a loopback engine with the test key, only to loopback callers, never for
 * the administrator), {@code GET /api/users} (contacts: users that ever logged in; for any user of
 * the app) and {@code GET /api/calls?userId=U} (that user's call history, newest first; for U itself
 * or the administrator). The last two authenticate with {@link HttpAuth} ({@code identifier} +
 * {@code usersig}). Errors are {@code {"code":..,"message":..}} with a 4xx status. Other paths are
 * left to the next handler.
 */
final class WebApi extends Handler.Abstract {
  /** How long an issued test UserSig stays valid. */
  static final Duration USERSIG_TTL = Duration.ofHours(12);
  /** How many call records the history scans. */
  static final int HISTORY_SCAN = 500;
  /** How many calls the history returns. */
  static final int HISTORY_SIZE = 50;

  private final long sdkAppId;
  private final Store store;
  private final UserSigIssuer issuer;
  private final HttpAuth auth;

  WebApi(long sdkAppId, Store store, UserSigIssuer issuer, HttpAuth auth) {
    this.sdkAppId = sdkAppId;
    this.store = store;
    this.issuer = issuer;
    this.auth = auth;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!path.startsWith("/api/")) {
      return false;
    }
    if (!HttpMethod.GET.is(request.getMethod())) {
      reply(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
          error(405, request.getMethod() + " " + path + ": only GET is supported"));
      return true;
    }
    Fields query = Request.extractQueryParameters(request);
    try {
      switch (path) {
        case "/api/usersig" -> userSig(request, query.getValue("userId"), response, callback);
        case "/api/users" -> {
          auth.authenticate(query);
          users(response, callback);
        }
        case "/api/calls" -> {
          String caller = auth.authenticate(query);
          String userId = query.getValue("userId");
          if (!caller.equals(userId) && !caller.equals(HttpAuth.ADMINISTRATOR)) {
            throw new HttpAuth.Refusal(HttpStatus.FORBIDDEN_403, ErrorCode.AUTH_REQUIRED.code(),
                "'" + caller + "' may read only its own call history");
          }
          calls(userId, response, callback);
        }
        default -> reply(response, callback, HttpStatus.NOT_FOUND_404, error(404, "no endpoint "
            + path + "; try /api/usersig, /api/users or /api/calls"));
      }
    } catch (HttpAuth.Refusal refused) {
      reply(response, callback, refused.status, error(refused.code, refused.getMessage()));
    }
    return true;
  }

  private void userSig(Request request, String userId, Response response, Callback callback) {
    if (issuer == null) {
      reply(response, callback, HttpStatus.FORBIDDEN_403, error(403, "the test UserSig endpoint is "
          + "off: it serves only an engine on loopback with the built-in test key "
          + "(EngineConfig.testUserSigEndpoint); sign UserSigs with ./callfarm usersig"));
      return;
    }
    if (!isLoopback(request.getConnectionMetaData().getRemoteSocketAddress())) {
      reply(response, callback, HttpStatus.FORBIDDEN_403, error(403, "test UserSigs are issued "
          + "to loopback callers only"));
      return;
    }
    if (HttpAuth.ADMINISTRATOR.equals(userId)) {
      reply(response, callback, HttpStatus.FORBIDDEN_403, error(ErrorCode.AUTH_REQUIRED.code(),
          "no test UserSig for the administrator: sign it with the app's key"));
      return;
    }
    try {
      String sig = issuer.issue(UserIds.require(userId), USERSIG_TTL);
      reply(response, callback, HttpStatus.OK_200, Frame.JSON.createObjectNode()
          .put("sdkAppId", sdkAppId).put("userId", userId).put("userSig", sig));
    } catch (AuthException e) {
      reply(response, callback, HttpStatus.BAD_REQUEST_400,
          error(e.code().code(), "invalid userId: " + e.getMessage()));
    }
  }

  private static boolean isLoopback(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet)) {
      return false;
    }
    InetAddress address = inet.getAddress();
    return address != null && address.isLoopbackAddress();
  }

  private void users(Response response, Callback callback) {
    ObjectNode body = Frame.JSON.createObjectNode();
    store.users(sdkAppId).forEach(body.putArray("users")::add);
    reply(response, callback, HttpStatus.OK_200, body);
  }

  private void calls(String userId, Response response, Callback callback) {
    if (!UserIds.isValid(userId)) {
      reply(response, callback, HttpStatus.BAD_REQUEST_400, error(70107, "invalid userId: "
          + "1-32 characters of A-Z a-z 0-9 - _"));
      return;
    }
    ObjectNode body = Frame.JSON.createObjectNode();
    ArrayNode calls = body.putArray("calls");
    for (CallRecord call : store.calls(HISTORY_SCAN)) {
      if (calls.size() == HISTORY_SIZE) {
        break;
      }
      if (call.sdkAppId() != sdkAppId || call.participants().stream()
          .noneMatch(p -> p.userId().equals(userId))) {
        continue;
      }
      ObjectNode row = calls.addObject().put("callId", call.callId()).put("sponsor", call.sponsor())
          .put("startedAt", call.startedAtMillis()).put("durationMs", call.durationMillis())
          .put("outcome", call.outcome());
      row.put("groupId", call.groupId());
      ArrayNode participants = row.putArray("participants");
      call.participants().forEach(p -> participants.addObject().put("userId", p.userId())
          .put("outcome", p.outcome()));
    }
    reply(response, callback, HttpStatus.OK_200, body);
  }

  private static ObjectNode error(int code, String message) {
    return Frame.JSON.createObjectNode().put("code", code).put("message", message);
  }

  private static void reply(Response response, Callback callback, int status, ObjectNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Content.Sink.write(response, true, body.toString(), callback);
  }
}
