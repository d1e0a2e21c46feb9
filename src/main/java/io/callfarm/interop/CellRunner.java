package io.callfarm.interop;

import io.callfarm.engine.call.CallEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one matrix cell: creates the scenario's parties (each in its side's flavour), logs in those not offline,
 * plays the steps, and checks each expectation in the flavour of the party that must observe it, from that
 * party's cursor (the event after the last one matched). The first expectation not met decides the verdict:
 * {@code fails} when it was a ring or a join (the pair does not talk), {@code diverges} otherwise; all met:
 * {@code works}. Parties are logged out and closed whatever happens.
 */
final class CellRunner {
  private static final AtomicInteger CELLS = new AtomicInteger();

  private final Function<String, Party> parties;
  private final String runId;

  /**
   * @param parties creates a party of a flavour (the caller closes it)
   * @param runId   distinguishes this run's users from others' on a shared engine
   */
  CellRunner(Function<String, Party> parties, String runId) {
    this.parties = parties;
    this.runId = runId;
  }

  Cell run(MatrixScenario scenario, String callerFlavour, String calleeFlavour) {
    long start = System.nanoTime();
    String prefix = runId + CELLS.incrementAndGet() + "-";
    Map<String, String> users = new LinkedHashMap<>();
    Map<String, Party> open = new LinkedHashMap<>();
    Map<String, Integer> cursors = new HashMap<>();
    try {
      for (Map.Entry<String, String> p : scenario.parties().entrySet()) {
        users.put(p.getKey(), prefix + p.getKey());
        open.put(p.getKey(), parties.apply(p.getValue().equals("caller") ? callerFlavour : calleeFlavour));
        cursors.put(p.getKey(), 0);
      }
      for (String alias : open.keySet()) {
        if (!scenario.offline().contains(alias)) {
          open.get(alias).login(users.get(alias));
        }
      }
    } catch (Exception | AssertionError e) {
      open.values().forEach(CellRunner::closeQuietly);
      return cell(scenario, callerFlavour, calleeFlavour, Cell.Verdict.ERROR,
          "parties could not start: " + e, start);
    }
    try {
      for (MatrixScenario.Step step : scenario.steps()) {
        String miss = play(step, open, users, cursors);
        if (miss != null) {
          MatrixScenario.Expect expect = (MatrixScenario.Expect) step;
          return cell(scenario, callerFlavour, calleeFlavour,
              expect.term().isConnectivity() ? Cell.Verdict.FAILS : Cell.Verdict.DIVERGES,
              aliases(miss, users) + "; " + seen(open, users), start);
        }
      }
      return cell(scenario, callerFlavour, calleeFlavour, Cell.Verdict.WORKS, "", start);
    } catch (Exception e) {
      return cell(scenario, callerFlavour, calleeFlavour, Cell.Verdict.ERROR, "step failed: " + e, start);
    } finally {
      open.values().forEach(CellRunner::closeQuietly);
    }
  }

  /** Plays one step; for an expectation not met, what was expected where. */
  private String play(MatrixScenario.Step step, Map<String, Party> open, Map<String, String> users,
      Map<String, Integer> cursors) throws Exception {
    if (step instanceof MatrixScenario.Wait w) {
      TimeUnit.MILLISECONDS.sleep(w.millis());
      return null;
    }
    if (step instanceof MatrixScenario.Action a) {
      Party party = open.get(a.party());
      if (a.verb().equals("login")) {
        party.login(users.get(a.party()));
      } else {
        party.act(a.verb(), a.args().stream().map(users::get).toList());
      }
      return null;
    }
    MatrixScenario.Expect e = (MatrixScenario.Expect) step;
    Party party = open.get(e.party());
    Vocabulary.Expected expected = Vocabulary.of(party.flavour(), e.term(),
        e.other() == null ? null : users.get(e.other()));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(e.withinMs());
    while (true) {
      List<CallEvent> events = party.events();
      int from = cursors.get(e.party());
      for (int i = from; i < events.size(); i++) {
        if (expected.matches().test(events.get(i))) {
          cursors.put(e.party(), i + 1);
          return null;
        }
      }
      if (System.nanoTime() > deadline) {
        return "expected " + expected.shown() + " at " + e.party() + " (" + party.flavour() + ") within "
            + e.withinMs() + " ms ['" + e.text() + "']";
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** What every party saw, user ids shortened to their aliases. */
  private static String seen(Map<String, Party> open, Map<String, String> users) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Party> p : open.entrySet()) {
      List<String> signatures = new ArrayList<>();
      for (CallEvent ev : p.getValue().events()) {
        signatures.add(aliases(ev.signature(), users));
      }
      out.add(p.getKey() + " (" + p.getValue().flavour() + ") saw " + signatures);
    }
    return String.join("; ", out);
  }

  /** {@code text} with this cell's user ids replaced by the scenario's aliases. */
  private static String aliases(String text, Map<String, String> users) {
    String s = text;
    for (Map.Entry<String, String> u : users.entrySet()) {
      s = s.replace(u.getValue(), u.getKey());
    }
    return s;
  }

  private static Cell cell(MatrixScenario s, String caller, String callee, Cell.Verdict verdict, String detail,
      long startNanos) {
    return new Cell(caller, callee, s.name(), verdict, detail,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  private static void closeQuietly(Party party) {
    try {
      party.close();
    } catch (RuntimeException e) {
      // a party that cannot log out does not change the cell's verdict; the pool replaces a broken browser
    }
  }
}
