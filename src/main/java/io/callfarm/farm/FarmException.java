package io.callfarm.farm;

import java.util.Locale;

/**
 * A farm configuration, leasing or device problem; the message says what is wrong and where, and {@link #code()}
 * gives a stable category for messages like {@code error pool_too_small: ...}.
 */
public final class FarmException extends RuntimeException {
  /** Stable categories; their lower-case names are printed. */
  public enum Code {
    /** {@code device-farm/farm.yaml} is unreadable or invalid. */
    CONFIG,
    /** No pool of the kind asked for. */
    NO_POOL,
    /** More devices of one kind asked for at once than the farm's pools of that kind hold. */
    POOL_TOO_SMALL,
    /** The pools could hold them, but none were free in time. */
    NO_FREE_DEVICE,
    /** A device could not do what it was asked (or is lost). */
    DEVICE;

    /** The code as printed, e.g. {@code pool_too_small}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Code code;

  public FarmException(String message) {
    this(Code.DEVICE, message);
  }

  public FarmException(String message, Throwable cause) {
    super(message, cause);
    this.code = Code.DEVICE;
  }

  public FarmException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
