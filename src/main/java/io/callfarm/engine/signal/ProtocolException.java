package io.callfarm.engine.signal;

/** A client frame the server refuses; becomes an {@code error} frame, never a dropped connection. */
public final class ProtocolException extends Exception {
  private final int code;

  public ProtocolException(ErrorCode code, String message) {
    this(code.code(), message);
  }

  public ProtocolException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
