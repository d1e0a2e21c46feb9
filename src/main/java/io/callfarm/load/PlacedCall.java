package io.callfarm.load;

import java.util.List;

/**
 * One call a load run placed, as the cross-check compares it with the engine's record: who called,
 * when (for ordering one caller's calls; any monotonic clock of the caller's host), whom, and each
 * invitation's outcome (null where none: lost).
 */
record PlacedCall(String caller, long placedAt, List<String> callees, List<Outcome> outcomes) {
  boolean anyError() {
    return outcomes.contains(Outcome.ERROR);
  }
}
