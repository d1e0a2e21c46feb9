package io.callfarm.cli;

import java.io.PrintStream;

/**
 * A verb refused its input before doing anything: printed as {@code error <code>: <message>} on stderr with exit
 * code {@value #EXIT}, the way {@code analyze} reports its refusals, never as a stack trace.
 */
final class Refusal extends RuntimeException {
  static final int EXIT = 2;

  private final String code;

  /**
   * @param code a stable lower-case id, e.g. {@code invalid_argument}, {@code no_such_file}
   * @param message what was wrong and what to do
   */
  Refusal(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }

  /** The innermost cause of {@code e} (what a library's wrapping exceptions carry), for a one-line reason. */
  static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** Prints the refusal on {@code err} and returns the exit code {@value #EXIT}. */
  int print(PrintStream err) {
    err.println("error " + code + ": " + getMessage());
    err.flush();
    return EXIT;
  }
}
