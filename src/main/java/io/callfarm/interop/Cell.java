package io.callfarm.interop;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One cell of the matrix: a scenario run with the caller side in one flavour and the callee side in another.
 *
 * @param caller   the caller side's flavour
 * @param callee   the callee side's flavour
 * @param scenario the scenario's name
 * @param verdict  what happened
 * @param detail   for diverges/fails/error: which expectation differed and what each party saw; empty for works
 * @param millis   how long the cell ran
 */
record Cell(String caller, String callee, String scenario, Verdict verdict, String detail, long millis) {

  /** A cell's outcome. */
  enum Verdict {
    /** Every expectation was met. */
    WORKS,
    /** The pair talks, but an expectation (a callback, its order or timing) differed. */
    DIVERGES,
    /** The pair does not talk: the callee never rang, or the call never connected. */
    FAILS,
    /** The cell could not be run (a party could not start or log in): no verdict on the pair. */
    ERROR;

    @JsonValue
    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
