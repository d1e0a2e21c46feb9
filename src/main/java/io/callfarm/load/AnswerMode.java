package io.callfarm.load;

import java.util.Locale;

/** How callees answer an invitation in a load run. */
public enum AnswerMode {
  /** Every callee accepts at once. */
  ACCEPT,
  /** Every callee rejects at once. */
  REJECT,
  /** Each callee accepts or rejects, 50-50 (seeded). */
  MIXED,
  /** Nobody answers: every invitation runs into the invitation timeout. */
  NONE;

  /** Parses {@code accept|reject|mixed|none}; the message lists the valid values. */
  public static AnswerMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--answer must be accept, reject, mixed or none, got '"
          + text + "'");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
