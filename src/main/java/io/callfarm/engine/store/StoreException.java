package io.callfarm.engine.store;

/** A database operation failed or was refused; the message names the operation and the file. */
public final class StoreException extends RuntimeException {
  /** Why, so the server can answer with the matching error code. */
  public enum Reason {
    /** The write queue stayed full for the whole offer timeout: retry later. */
    OVERLOADED,
    /** The recipient already holds as many undelivered messages as allowed. */
    RECIPIENT_FULL,
    /** SQLite refused the statement or the commit; nothing of the operation was kept. */
    FAILED,
    /** The store is closed or its writer thread is gone. */
    CLOSED
  }

  private final Reason reason;

  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
