package io.callfarm.scenario;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.net.Impairment;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.ActionResult;
import io.callfarm.farm.Device;
import io.callfarm.farm.Farm;
import io.callfarm.farm.FarmException;
import io.callfarm.farm.HeardAudio;
import io.callfarm.farm.Lease;
import io.callfarm.farm.MicSpec;
import io.callfarm.farm.SentAudio;
import io.callfarm.report.TimedEvent;
import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one scenario on leased devices: refuses at once a scenario the farm's pools can never hold, leases each
 * kind's devices in one go, logs each alias in as a unique user, sets microphones and networks, provisions the
 * groups, then executes the steps in order. Expectations consume what they match ({@link EventCursor}); a device
 * action the device could not take because there was nothing to act on is recorded as a no-op; a device lost on the
 * way (its host crashed) fails the step it happened in with the reason. A failed step ends the run with a message
 * naming the file, the line and what the device saw instead. It only uses the {@link Device} contract: it never
 * asks which kind it drives. Devices are released whatever happens.
 */
public final class ScenarioRunner {
  /** Wraps each step (e.g. into an Allure step); the body throws {@link AssertionError} on failure. */
  public interface StepWrapper {
    void run(String name, Runnable body);

    /** Something a step did that the report should show, called from inside its body (e.g. a no-op). */
    default void note(String text) {}
  }

  /** How long a lease may wait for free devices (other tests hold them). */
  private static final Duration LEASE_WAIT = Duration.ofSeconds(60);
  /** How long an audio check waits for a virtual receiver's call media to close. */
  private static final Duration MEDIA_CLOSE_WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private final Farm farm;
  private final StepWrapper wrapper;

  public ScenarioRunner(Farm farm, StepWrapper wrapper) {
    this.farm = farm;
    this.wrapper = wrapper;
  }

  /**
   * @throws ScenarioException before any step when the scenario cannot run on this farm: it needs media the farm
   *     lacks, or more devices of a kind than the pools hold ({@code file: error pool_too_small: ...})
   */
  public ScenarioResult run(Scenario scenario) throws Exception {
    if (scenario.media() && !farm.hasMedia()) {
      throw new ScenarioException(scenario.file() + ": needs media, but the farm runs without it");
    }
    Map<String, List<Scenario.DeviceSpec>> byKind = new TreeMap<>();
    scenario.devices().values().forEach(spec -> byKind.computeIfAbsent(spec.kind(), k -> new ArrayList<>())
        .add(spec));
    Map<String, Integer> needs = new TreeMap<>();
    byKind.forEach((kind, specs) -> needs.put(kind, specs.size()));
    try {
      farm.config().checkCapacity(needs, "the scenario");
    } catch (FarmException e) {
      throw new ScenarioException(scenario.file() + ": error " + e.code().id() + ": " + e.getMessage());
    }
    String tag = "r" + RUNS.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000, 36);
    Run run = new Run(scenario, tag);
    List<Lease> leases = new ArrayList<>();
    Map<String, Device> assigned = new LinkedHashMap<>();
    try {
      // every kind in one lease, kinds in a fixed order: parallel scenarios never hold part of what another waits on
      for (Map.Entry<String, List<Scenario.DeviceSpec>> kind : byKind.entrySet()) {
        Lease lease;
        try {
          lease = farm.lease(kind.getKey(), kind.getValue().stream().map(Scenario.DeviceSpec::flavour).toList(),
              Duration.ofMillis(scenario.timeoutMs()),
              LEASE_WAIT, scenario.media() && kind.getKey().equals("virtual"));
        } catch (FarmException e) {
          throw new ScenarioException(scenario.file() + ": error " + e.code().id() + ": " + e.getMessage());
        }
        leases.add(lease);
        for (int i = 0; i < kind.getValue().size(); i++) {
          assigned.put(kind.getValue().get(i).alias(), lease.devices().get(i));
        }
      }
      scenario.devices().keySet().forEach(alias -> run.bind(alias, assigned.get(alias)));
      run.setUp();
      for (Step step : scenario.steps()) {
        if (!run.execute(step)) {
          break;
        }
      }
      run.analyzeEveryStream();
      return run.result();
    } finally {
      leases.forEach(Lease::close);
    }
  }

  /** The state of one run: who is who, what happened so far. */
  private final class Run {
    private final Scenario scenario;
    private final String tag;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, EventCursor> cursors = new LinkedHashMap<>();
    private final List<ScenarioResult.StepRecord> records = new ArrayList<>();
    private final List<AudioProbe.Measurement> audio = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private String failure;
    private long firstCallNanos = -1;
    private String firstCaller;

    Run(Scenario scenario, String tag) {
      this.scenario = scenario;
      this.tag = tag;
    }

    void bind(String alias, Device device) {
      devices.put(alias, device);
      cursors.put(alias, new EventCursor(alias, device.events(), ev -> rename(ev).signature(), this::lost));
    }

    String user(String alias) {
      return alias + "_" + tag;
    }

    /** The first device of the run that is gone for good, as {@code alias: reason}. */
    Optional<String> lost() {
      for (Map.Entry<String, Device> entry : devices.entrySet()) {
        Optional<String> reason = entry.getValue().lost();
        if (reason.isPresent()) {
          return Optional.of(entry.getKey() + ": " + rename(reason.get())); // a host's log lines name users
        }
      }
      return Optional.empty();
    }

    void setUp() throws Exception {
      for (Scenario.DeviceSpec spec : scenario.devices().values()) {
        Device device = devices.get(spec.alias());
        if (!spec.kind().equals("appium")) { // an Appium device's microphone is its session's (the parser says so)
          device.setMic(spec.mic());
        }
        if (spec.online()) {
          device.login(user(spec.alias()));
          screenshot(spec.alias() + " idle", device);
          if (spec.network() != null) {
            device.setNetwork(profile(spec.network()));
          }
        }
      }
      for (Map.Entry<String, List<String>> group : scenario.groups().entrySet()) {
        // scenario groups are fixtures: provisioned as the app backend would, members included
        List<String> members = group.getValue().stream().map(this::user).toList();
        farm.engine().provisionGroup(groupId(group.getKey()), members.get(0),
            members.subList(1, members.size()));
      }
    }

    String groupId(String name) {
      return name + "_" + tag;
    }

    /** Runs one step; returns false when it failed (the run stops). */
    boolean execute(Step step) {
      long start = System.nanoTime();
      String[] message = {null};
      String[] note = {null};
      try {
        wrapper.run(step.describe(), () -> {
          try {
            note[0] = perform(step, start);
            if (note[0] != null) {
              wrapper.note(note[0]);
            }
            Optional<String> gone = lost();
            if (gone.isPresent()) {
              throw new AssertionError(gone.get());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
          } catch (AssertionError e) {
            throw e;
          } catch (Exception e) {
            throw new AssertionError(lost().orElse(e.getMessage()), e); // a lost device explains a failed action
          }
        });
      } catch (AssertionError e) {
        message[0] = scenario.file() + ":" + step.line() + ": " + step.describe() + ": "
            + e.getMessage();
        failure = message[0];
      }
      records.add(new ScenarioResult.StepRecord(step.line(), step.describe(), ms(start),
          ms(System.nanoTime()), message[0] == null, message[0], note[0]));
      return message[0] == null;
    }

    /** Performs a step; returns a note for the report (a no-op), or null. */
    private String perform(Step step, long startNanos) throws Exception {
      if (step instanceof Step.Action a) {
        ActionResult result = act(a);
        return result.noOp() ? a.device() + " did nothing: " + result.reason() : null;
      }
      if (step instanceof Step.Expect e) {
        expect(e, startNanos);
      } else if (step instanceof Step.Exactly e) {
        cursors.get(e.device()).exactly(e.events(), e.quietMs());
      } else if (step instanceof Step.Absent a) {
        cursors.get(a.device()).absent(a.event(), startNanos,
            startNanos + TimeUnit.MILLISECONDS.toNanos(a.forMs()));
      } else if (step instanceof Step.Wait w) {
        pause(w.millis());
      } else if (step instanceof Step.Talking t) {
        if (!devices.get(t.device()).awaitTalking(Duration.ofMillis(t.withinMs()))) {
          throw new AssertionError(t.device() + "'s microphone was still silent (warm-up) after " + t.withinMs()
              + " ms");
        }
      } else if (step instanceof Step.Audio a) {
        audio(a);
      }
      return null;
    }

    /** Lets time pass (the scenario asks for it), failing at once when a device is lost meanwhile. */
    private void pause(long millis) throws InterruptedException {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
        Optional<String> gone = lost();
        if (gone.isPresent()) {
          throw new AssertionError(gone.get());
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
    }

    private ActionResult act(Step.Action a) throws Exception {
      Device device = devices.get(a.device());
      switch (a.verb()) {
        case "call" -> {
          markCall(a.device());
          return device.call(user(a.args().get(0)));
        }
        case "groupCall" -> {
          markCall(a.device());
          List<String> users = Arrays.stream(a.args().get(0).split(",")).map(this::user).toList();
          return device.groupCall(users, a.args().size() == 3 ? groupId(a.args().get(2)) : null);
        }
        case "accept" -> {
          return device.accept();
        }
        case "reject" -> {
          return device.reject();
        }
        case "hangup" -> {
          return device.hangup();
        }
        case "mute" -> {
          return device.setMicMute(true);
        }
        case "unmute" -> {
          return device.setMicMute(false);
        }
        case "handsFree" -> {
          return device.setHandsFree(a.args().get(0).equals("on"));
        }
        case "login" -> device.login(user(a.device()));
        case "logout" -> device.logout();
        case "network" -> device.setNetwork(profile(a.args().get(0)));
        case "mic" -> device.setMic(MicSpec.parse(String.join(" ", a.args())));
        default -> throw new IllegalStateException("parser let through verb " + a.verb());
      }
      return ActionResult.DONE;
    }

    private void markCall(String alias) {
      if (firstCallNanos < 0) {
        firstCallNanos = System.nanoTime();
        firstCaller = alias;
      }
    }

    private void expect(Step.Expect e, long startNanos) throws InterruptedException {
      try {
        cursors.get(e.device()).expect(e.events(), e.anyOrder(),
            startNanos + TimeUnit.MILLISECONDS.toNanos(e.withinMs()), e.withinMs());
      } finally {
        screenshot(e.device(), devices.get(e.device()));
      }
    }

    /** The device's screen as a step settled (incoming, in-call, toasts), for devices that have one. */
    private void screenshot(String name, Device device) {
      if (device.lost().isPresent()) {
        return;
      }
      try {
        device.screenshot().ifPresent(png -> Allure.addAttachment(name + " screen", "image/png",
            new ByteArrayInputStream(png), ".png"));
      } catch (RuntimeException ex) {
        Allure.addAttachment(name + " screen", "text/plain", "no screenshot: " + ex.getMessage());
      }
    }

    private void audio(Step.Audio a) {
      Device receiver = devices.get(a.device());
      Device sender = devices.get(a.from());
      AudioProbe.Measurement m = measure(a.device(), receiver, a.from(), sender, MEDIA_CLOSE_WAIT);
      if (a.maxMouthToEarMs() != null && !m.mouthToEarKnown()) {
        throw new AssertionError("mouth-to-ear needs a sender whose microphone timing is known (a virtual "
            + "device); " + a.from() + " is a " + sender.kind() + " device looping a file from an unknown phase");
      }
      audio.add(m);
      var r = m.report();
      if (a.silent() && r.degLevelDbov() > -50) {
        throw new AssertionError(a.device() + " heard " + a.from() + " at " + fmt(r.degLevelDbov())
            + " dBov; expected silence (< -50 dBov)");
      }
      if (a.audible() && r.degLevelDbov() <= -50) {
        throw new AssertionError(a.device() + " heard " + a.from() + " at " + fmt(r.degLevelDbov())
            + " dBov; expected audible audio (> -50 dBov)");
      }
      if (a.maxMouthToEarMs() != null && r.delayMs() > a.maxMouthToEarMs()) {
        throw new AssertionError("mouth-to-ear " + fmt(r.delayMs()) + " ms > " + a.maxMouthToEarMs()
            + " ms (recording " + m.recording() + ")");
      }
      if (a.minMos() != null && r.mosLqo() < a.minMos()) {
        throw new AssertionError("MOS-LQO " + fmt2(r.mosLqo()) + " < " + a.minMos() + " (recording "
            + m.recording() + ", reference " + m.reference() + ")");
      }
      if (a.maxMos() != null && r.mosLqo() > a.maxMos()) {
        throw new AssertionError("MOS-LQO " + fmt2(r.mosLqo()) + " > " + a.maxMos() + ": the link was meant to "
            + "sound degraded (recording " + m.recording() + ", reference " + m.reference() + ")");
      }
    }

    /** What {@code receiverAlias} heard from {@code senderAlias} in its last call, measured. */
    private AudioProbe.Measurement measure(String receiverAlias, Device receiver, String senderAlias,
        Device sender, Duration wait) {
      HeardAudio heard;
      SentAudio sent;
      try {
        heard = receiver.heard(user(senderAlias), wait);
        sent = sender.sent();
      } catch (FarmException e) {
        throw new AssertionError(rename(e.getMessage()), e);
      }
      return AudioProbe.measure(receiverAlias, heard, senderAlias, sent);
    }

    private CallEvent rename(CallEvent event) {
      List<String> args = new ArrayList<>();
      for (String arg : event.args()) {
        args.add(rename(arg));
      }
      return new CallEvent(event.name(), args, event.atNanos(), event.atMillis());
    }

    /** User and group ids of this run written as the scenario's aliases. */
    private String rename(String text) {
      String renamed = text;
      for (String alias : devices.keySet()) {
        renamed = renamed.replace(user(alias), alias);
      }
      for (String group : scenario.groups().keySet()) {
        renamed = renamed.replace(groupId(group), group);
      }
      return renamed;
    }

    /**
     * Analyses every stream a device recorded by itself in its last call that no audio step measured, so each call
     * record carries the quality of all its streams.
     */
    void analyzeEveryStream() {
      for (Map.Entry<String, Device> receiver : devices.entrySet()) {
        if (receiver.getValue().lost().isPresent()) {
          continue;
        }
        Set<String> recorded;
        try {
          recorded = receiver.getValue().recordedFrom();
        } catch (FarmException e) {
          continue; // lost just now: the step that saw it failed already
        }
        for (Map.Entry<String, Device> sender : devices.entrySet()) {
          String from = sender.getKey();
          boolean measured = audio.stream().anyMatch(
              m -> m.device().equals(receiver.getKey()) && m.from().equals(from));
          if (measured || !recorded.contains(user(from))) {
            continue;
          }
          try {
            audio.add(measure(receiver.getKey(), receiver.getValue(), from, sender.getValue(), Duration.ZERO));
          } catch (RuntimeException | AssertionError e) {
            System.err.println("callfarm-scenario: " + receiver.getKey() + " hearing " + from
                + " not analysed: " + e.getMessage());
          }
        }
      }
    }

    ScenarioResult result() {
      Map<String, String> kinds = new LinkedHashMap<>();
      Map<String, List<TimedEvent>> timelines = new LinkedHashMap<>();
      for (Map.Entry<String, Device> entry : devices.entrySet()) {
        EventCursor cursor = cursors.get(entry.getKey());
        kinds.put(entry.getKey(), entry.getValue().id() + " (" + entry.getValue().kind() + ")");
        timelines.put(entry.getKey(), entry.getValue().events().events().stream()
            .map(ev -> new TimedEvent(Math.max(0, ms(ev.atNanos())), rename(ev).signature(),
                cursor.matched(ev))).toList());
      }
      return new ScenarioResult(scenario.name(), scenario.file().toString(), failure == null,
          failure, startMillis, ms(System.nanoTime()), List.copyOf(records), kinds, timelines,
          List.copyOf(audio), setupLatency());
    }

    private Double setupLatency() {
      if (firstCaller == null) {
        return null;
      }
      Optional<CallEvent> entered = devices.get(firstCaller).events().events().stream()
          .filter(ev -> ev.name().equals("onUserEnter") && ev.atNanos() > firstCallNanos).findFirst();
      return entered.map(ev -> (ev.atNanos() - firstCallNanos) / 1e6).orElse(null);
    }

    private long ms(long nanos) {
      return TimeUnit.NANOSECONDS.toMillis(nanos - startNanos);
    }
  }

  private static NetworkFabric.Profile profile(String spec) {
    Impairment impairment = Impairment.parse(spec);
    return new NetworkFabric.Profile(impairment, impairment);
  }

  private static String fmt(double value) {
    return String.format("%.1f", value);
  }

  private static String fmt2(double value) {
    return String.format("%.2f", value);
  }
}
