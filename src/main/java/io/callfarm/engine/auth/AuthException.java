package io.callfarm.engine.auth;

/**
 * A refused login credential. The code follows Tencent IM's UserSig error codes where one exists
 * (see {@link AuthCode}), so a QA engineer can match it against the vendor's documentation.
 */
public final class AuthException extends Exception {
  private final AuthCode code;

  public AuthException(AuthCode code, String detail) {
    super(code.describe(detail));
    this.code = code;
  }

  public AuthCode code() {
    return code;
  }
}
