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

  /** The CallException inside a failed future's exception, or one for a lost connection. */
  static CallException of(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof CallException ce ? ce
        : new CallException(SignalChannel.CONNECTION_LOST, String.valueOf(t.getMessage()));
  }
}
