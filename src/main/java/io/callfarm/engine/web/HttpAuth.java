package io.callfarm.engine.web;

import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserIds;
import io.callfarm.engine.auth.UserSigVerifier;
import io.callfarm.engine.signal.ErrorCode;
import java.time.Clock;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.util.Fields;

/**
 * Who is calling an HTTP endpoint, in the convention of Tencent's server REST API: query parameters
 * {@code identifier} (a user id, or {@value #ADMINISTRATOR} for the app's administrator) and
 * {@code usersig} (that identifier's UserSig under the app's key); {@code sdkappid}, when given, must
 * be the engine's app. Thread-safe.
 */
final class HttpAuth {
  /** The reserved user id of the app administrator (Tencent REST API). */
  static final String ADMINISTRATOR = "administrator";

  /** A refused request: HTTP status, error code, message. */
  static final class Refusal extends Exception {
    final int status;
    final int code;

    Refusal(int status, int code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private final long sdkAppId;
  private final AppSecret secret;
  private final Clock clock;
  private final UserSigVerifier verifier = new UserSigVerifier();

  HttpAuth(long sdkAppId, AppSecret secret, Clock clock) {
    this.sdkAppId = sdkAppId;
    this.secret = secret;
    this.clock = clock;
  }

  /**
   * The verified identifier of the request.
   *
   * @throws Refusal 401 with code 60014 when credentials are missing, 401 with the UserSig's own
   *     code (70001 expired, 70009 forged, ...) when they do not verify
   */
  String authenticate(Fields query) throws Refusal {
    String identifier = query.getValue("identifier");
    String usersig = query.getValue("usersig");
    if (identifier == null || usersig == null) {
      throw new Refusal(HttpStatus.UNAUTHORIZED_401, ErrorCode.AUTH_REQUIRED.code(),
          "this endpoint needs 'identifier' and 'usersig' (a UserSig of that user) in the query");
    }
    String app = query.getValue("sdkappid");
    if (app != null && !app.equals(String.valueOf(sdkAppId))) {
      throw new Refusal(HttpStatus.UNAUTHORIZED_401, 70020, "sdkappid " + shorten(app)
          + " is not the app this engine serves");
    }
    if (!UserIds.isValid(identifier)) {
      throw new Refusal(HttpStatus.UNAUTHORIZED_401, 70107, "identifier '" + shorten(identifier)
          + "' is not a valid user id");
    }
    try {
      verifier.verify(usersig, sdkAppId, identifier, secret.reveal(), clock.instant());
      return identifier;
    } catch (AuthException e) {
      throw new Refusal(HttpStatus.UNAUTHORIZED_401, e.code().code(), "UserSig of '" + identifier
          + "' refused: " + e.getMessage());
    }
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
