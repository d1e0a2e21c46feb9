package io.callfarm.engine.store;

/** A database operation failed; the message names the operation and the file. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
