package io.callfarm.scenario;

import java.util.List;

/** One line of a scenario's {@code steps}; {@code line} is 1-based in its file. */
public sealed interface Step {
  int line();

  /** How the step reads in reports, e.g. {@code alice: call bob}. */
  String describe();

  /** A device action, e.g. {@code alice: call bob}. */
  record Action(int line, String device, String verb, List<String> args) implements Step {
    @Override
    public String describe() {
      return device + ": " + verb + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }
  }

  /**
   * Callbacks at a device, in this order (or in any order), all within {@code withinMs} of the step's start, among
   * the events after the device's cursor: the last event an earlier expectation on it matched (see
   * {@link EventCursor}).
   */
  record Expect(int line, String device, List<String> events, boolean anyOrder, long withinMs) implements Step {
    @Override
    public String describe() {
      return "expect " + device + " " + (events.size() == 1 ? events.get(0)
          : events + (anyOrder ? " in any order" : " in order")) + " within " + withinMs + " ms";
    }
  }

  /** The device's whole timeline so far equals {@code events}, then stays quiet for {@code quietMs}. */
  record Exactly(int line, String device, List<String> events, long quietMs) implements Step {
    @Override
    public String describe() {
      return "exactly " + device + " " + events;
    }
  }

  /** No such callback at the device for {@code forMs} from the step's start (earlier events do not count). */
  record Absent(int line, String device, String event, long forMs) implements Step {
    @Override
    public String describe() {
      return "absent " + device + " " + event + " for " + forMs + " ms";
    }
  }

  /**
   * Waits until a virtual device's microphone plays its source (it is silent through its warm-up, whose length
   * depends on its receivers), at most {@code withinMs}; a speech check then lets the clip's length pass.
   */
  record Talking(int line, String device, long withinMs) implements Step {
    @Override
    public String describe() {
      return "talking " + device + " within " + withinMs + " ms";
    }
  }

  /** Lets time pass (timeouts, talking). */
  record Wait(int line, long millis) implements Step {
    @Override
    public String describe() {
      return "wait " + millis + " ms";
    }
  }

  /**
   * Audio the device heard from another in its last call: mouth-to-ear delay at most
   * {@code maxMouthToEarMs}, MOS at least {@code minMos} and at most {@code maxMos} (a degraded link must sound
   * degraded), nothing audible ({@code silent}) or something audible ({@code audible}: above -50 dBov); every
   * figure is reported either way.
   */
  record Audio(int line, String device, String from, Double maxMouthToEarMs, Double minMos, Double maxMos,
      boolean silent, boolean audible) implements Step {
    @Override
    public String describe() {
      return "audio at " + device + " from " + from
          + (silent ? " silent" : "")
          + (audible ? " audible" : "")
          + (maxMouthToEarMs == null ? "" : " mouth-to-ear <= " + maxMouthToEarMs + " ms")
          + (minMos == null ? "" : " MOS >= " + minMos)
          + (maxMos == null ? "" : " MOS <= " + maxMos);
    }
  }
}
