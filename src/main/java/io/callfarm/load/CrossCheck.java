package io.callfarm.load;

import io.callfarm.engine.store.CallRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compares the run's own accounting with the engine's call records. A user places one call at a
 * time, so each caller's attempts and the engine's records with that sponsor pair up in start
 * order; each invitation's outcome must equal the record's participant outcome. Invitations that
 * ended in ERROR are not comparable (the engine may never have seen the call) and are skipped with
 * their caller's other attempts.
 *
 * @param engineRecords call records the engine stored
 * @param compared invitations compared
 * @param skipped invitations not compared (callers with an ERROR outcome)
 * @param mismatches invitations (or whole attempts, when counts differ) that disagree
 * @param examples up to 20 mismatches, described
 */
public record CrossCheck(int engineRecords, long compared, long skipped, long mismatches,
    List<String> examples) {
  private static final int MAX_EXAMPLES = 20;

  /**
   * Reads this run's records from the engine (started at or after {@code sinceMillis}, sponsors with
   * the run's id prefix) and compares. The engine writes a call's record when its room closes, so it
   * waits, up to {@code deadline}, until there is one for every comparable call.
   */
  static CrossCheck fetch(EngineAdmin admin, List<PlacedCall> calls, long sinceMillis,
      String sponsorPrefix, Duration deadline, Consumer<String> progress)
      throws IOException, InterruptedException {
    long expected = calls.stream().filter(c -> !c.anyError()).count();
    long until = System.nanoTime() + deadline.toNanos();
    List<CallRecord> records = admin.callRecords(sinceMillis, sponsorPrefix);
    while (records.size() < expected && System.nanoTime() < until) {
      Thread.sleep(200);
      records = admin.callRecords(sinceMillis, sponsorPrefix);
    }
    if (records.size() < expected) {
      progress.accept("the engine holds " + records.size() + " call records of " + expected
          + " calls after " + deadline.toSeconds() + " s; rooms still open?");
    }
    return of(calls, records);
  }

  static CrossCheck of(List<PlacedCall> calls, List<CallRecord> records) {
    Map<String, List<PlacedCall>> ours = new HashMap<>();
    for (PlacedCall a : calls) {
      ours.computeIfAbsent(a.caller(), k -> new ArrayList<>()).add(a);
    }
    Map<String, List<CallRecord>> theirs = new HashMap<>();
    for (CallRecord r : records) {
      theirs.computeIfAbsent(r.sponsor(), k -> new ArrayList<>()).add(r);
    }
    long compared = 0;
    long skipped = 0;
    long mismatches = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, List<PlacedCall>> entry : ours.entrySet()) {
      String caller = entry.getKey();
      List<PlacedCall> mine = new ArrayList<>(entry.getValue());
      mine.sort(Comparator.comparingLong(PlacedCall::placedAt));
      List<CallRecord> engine = new ArrayList<>(theirs.getOrDefault(caller, List.of()));
      engine.sort(Comparator.comparingLong(CallRecord::startedAtMillis));
      int invitations = mine.stream().mapToInt(a -> a.callees().size()).sum();
      if (mine.stream().anyMatch(PlacedCall::anyError)) {
        skipped += invitations;
        continue;
      }
      if (mine.size() != engine.size()) {
        mismatches += invitations;
        note(examples, caller + ": placed " + mine.size() + " calls, the engine recorded "
            + engine.size());
        continue;
      }
      for (int i = 0; i < mine.size(); i++) {
        PlacedCall a = mine.get(i);
        Map<String, String> recorded = new HashMap<>();
        engine.get(i).participants().forEach(p -> recorded.put(p.userId(), p.outcome()));
        List<String> callees = a.callees();
        List<Outcome> outcomes = a.outcomes();
        for (int j = 0; j < callees.size(); j++) {
          compared++;
          Outcome o = outcomes.get(j);
          String expected = o == null ? "(lost)" : o.engineName();
          String actual = recorded.getOrDefault(callees.get(j), "(absent)");
          if (!expected.equals(actual)) {
            mismatches++;
            note(examples, caller + " -> " + callees.get(j) + " (call " + (i + 1) + " of "
                + caller + "): callfarm saw " + (o == null ? "nothing" : o.key())
                + ", the engine recorded " + actual);
          }
        }
      }
    }
    for (Map.Entry<String, List<CallRecord>> entry : theirs.entrySet()) {
      if (!ours.containsKey(entry.getKey())) {
        mismatches += entry.getValue().size();
        note(examples, entry.getKey() + ": placed no calls, the engine recorded "
            + entry.getValue().size());
      }
    }
    return new CrossCheck(records.size(), compared, skipped, mismatches, List.copyOf(examples));
  }

  private static void note(List<String> examples, String text) {
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(text);
    }
  }
}
