package io.callfarm.engine.call;

/** A request the server refused, with its code (Tencent-compatible where one exists). */
public final class CallException extends RuntimeException {
  private final int code;

  public CallException(int code, String message) {
    super(message + " (code " + code + ")");
    this.code = code;
  }

  public int code() {
    return code;
  }
}
