package io.callfarm.farm;

/** A farm configuration or leasing problem; the message says what is wrong and where. */
public final class FarmException extends RuntimeException {
  public FarmException(String message) {
    super(message);
  }

  public FarmException(String message, Throwable cause) {
    super(message, cause);
  }
}
