package io.callfarm.scenario;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.net.Impairment;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.Device;
import io.callfarm.farm.Farm;
import io.callfarm.farm.Lease;
import io.callfarm.farm.MicSpec;
import io.callfarm.engine.media.MediaCallRecord;
import io.callfarm.farm.VirtualDevice;
import io.callfarm.farm.appium.AppiumDevice;
import io.callfarm.farm.browser.BrowserDevice;
import io.callfarm.quality.Wav;
import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import io.callfarm.report.TimedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one scenario on leased devices: logs each alias in as a unique user, sets microphones and
 * networks, creates the groups, then executes the steps in order. A failed expectation ends the run
 * with a message naming the file, the line and what each device saw instead. Devices are released
 * whatever happens.
 */
public final class ScenarioRunner {
  /** Wraps each step (e.g. into an Allure step); the body throws {@link AssertionError} on failure. */
  @FunctionalInterface
  public interface StepWrapper {
    void run(String name, Runnable body);
  }

  private static final AtomicInteger RUNS = new AtomicInteger();
  private final Farm farm;
  private final StepWrapper wrapper;

  public ScenarioRunner(Farm farm, StepWrapper wrapper) {
    this.farm = farm;
    this.wrapper = wrapper;
  }

  public ScenarioResult run(Scenario scenario) throws Exception {
    if (scenario.media() && !farm.hasMedia()) {
      throw new ScenarioException(scenario.file() + ": needs media, but the farm runs without it");
    }
    String tag = "r" + RUNS.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000, 36);
    Run run = new Run(scenario, tag);
    List<Lease> leases = new ArrayList<>();
    try {
      for (Scenario.DeviceSpec spec : scenario.devices().values()) {
        Lease lease = farm.lease(spec.kind(), 1, Duration.ofMillis(scenario.timeoutMs()),
            Duration.ofSeconds(60), scenario.media() && spec.kind().equals("virtual"));
        leases.add(lease);
        run.bind(spec.alias(), lease.devices().get(0));
      }
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
    private final List<ScenarioResult.StepRecord> records = new ArrayList<>();
    private final List<AudioProbe.Measurement> audio = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final java.util.Set<CallEvent> matched = java.util.Collections.newSetFromMap(
        new java.util.IdentityHashMap<>());
    private String failure;
    private long firstCallNanos = -1;
    private String firstCaller;

    Run(Scenario scenario, String tag) {
      this.scenario = scenario;
      this.tag = tag;
    }

    void bind(String alias, Device device) {
      devices.put(alias, device);
    }

    String user(String alias) {
      return alias + "_" + tag;
    }

    void setUp() throws Exception {
      for (Scenario.DeviceSpec spec : scenario.devices().values()) {
        Device device = devices.get(spec.alias());
        if (!spec.kind().equals("appium")) {
          device.setMic(spec.mic());
        }
        if (spec.online()) {
          device.login(user(spec.alias()));
          if (device instanceof BrowserDevice browser) {
            screenshot(spec.alias() + " idle", browser);
          }
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
      try {
        wrapper.run(step.describe(), () -> {
          try {
            perform(step);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
          } catch (AssertionError e) {
            throw e;
          } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
          }
        });
      } catch (AssertionError e) {
        message[0] = scenario.file() + ":" + step.line() + ": " + step.describe() + ": "
            + e.getMessage();
        failure = message[0];
      }
      records.add(new ScenarioResult.StepRecord(step.line(), step.describe(), ms(start),
          ms(System.nanoTime()), message[0] == null, message[0]));
      return message[0] == null;
    }

    private void perform(Step step) throws Exception {
      if (step instanceof Step.Action a) {
        act(a);
      } else if (step instanceof Step.Expect e) {
        expect(e);
      } else if (step instanceof Step.Exactly e) {
        exactly(e);
      } else if (step instanceof Step.Absent a) {
        absent(a);
      } else if (step instanceof Step.Wait w) {
        TimeUnit.MILLISECONDS.sleep(w.millis()); // the scenario asks for time to pass
      } else if (step instanceof Step.Audio a) {
        audio(a);
      }
    }

    private void act(Step.Action a) throws Exception {
      Device device = devices.get(a.device());
      switch (a.verb()) {
        case "call" -> {
          markCall(a.device());
          device.call(user(a.args().get(0)));
        }
        case "groupCall" -> {
          markCall(a.device());
          List<String> users = Arrays.stream(a.args().get(0).split(",")).map(this::user).toList();
          device.groupCall(users, a.args().size() == 3 ? groupId(a.args().get(2)) : null);
        }
        case "accept" -> device.accept();
        case "reject" -> device.reject();
        case "hangup" -> device.hangup();
        case "mute" -> device.setMicMute(true);
        case "unmute" -> device.setMicMute(false);
        case "handsFree" -> device.setHandsFree(a.args().get(0).equals("on"));
        case "login" -> device.login(user(a.device()));
        case "logout" -> device.logout();
        case "network" -> device.setNetwork(profile(a.args().get(0)));
        case "mic" -> device.setMic(MicSpec.parse(String.join(" ", a.args())));
        default -> throw new IllegalStateException("parser let through verb " + a.verb());
      }
    }

    private void markCall(String alias) {
      if (firstCallNanos < 0) {
        firstCallNanos = System.nanoTime();
        firstCaller = alias;
      }
    }

    private void expect(Step.Expect e) throws InterruptedException {
      Device device = devices.get(e.device());
      try {
        awaitEvents(e, device);
      } finally {
        if (device instanceof BrowserDevice browser) {
          screenshot(e.device(), browser);
        }
      }
    }

    /** The browser's screen as the expectation settled: incoming, in-call, toasts. */
    private void screenshot(String alias, BrowserDevice browser) {
      try {
        byte[] png = browser.session().screenshot();
        Allure.addAttachment(alias + " screen", "image/png", new ByteArrayInputStream(png), ".png");
      } catch (RuntimeException ex) {
        Allure.addAttachment(alias + " screen", "text/plain", "no screenshot: " + ex.getMessage());
      }
    }

    private void awaitEvents(Step.Expect e, Device device) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(e.withinMs());
      int from = 0;
      for (String wanted : e.events()) {
        int found = -1;
        while (found < 0) {
          List<String> seen = signatures(device);
          for (int i = from; i < seen.size(); i++) {
            if (seen.get(i).equals(wanted)) {
              found = i;
              matched.add(device.events().events().get(i));
              break;
            }
          }
          if (found >= 0) {
            break;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError(e.device() + " did not see " + wanted
                + (e.events().size() > 1 ? " (in order " + e.events() + ")" : "") + " within "
                + e.withinMs() + " ms; it saw " + signatures(device));
          }
          int count = seen.size();
          device.events().await(ev -> device.events().events().size() > count,
              Duration.ofNanos(left));
        }
        from = found + 1;
      }
    }

    private void exactly(Step.Exactly e) throws InterruptedException {
      Device device = devices.get(e.device());
      device.events().await(ev -> device.events().events().size() >= e.events().size(),
          Duration.ofSeconds(5));
      int count = device.events().events().size();
      device.events().await(ev -> device.events().events().size() > count,
          Duration.ofMillis(e.quietMs()));
      List<String> seen = signatures(device);
      if (!seen.equals(e.events())) {
        throw new AssertionError(e.device() + " saw " + seen + ", expected exactly " + e.events());
      }
      matched.addAll(device.events().events());
    }

    private void absent(Step.Absent a) throws InterruptedException {
      Device device = devices.get(a.device());
      int before = device.events().events().size();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(a.forMs());
      while (true) {
        List<String> seen = signatures(device);
        for (int i = before; i < seen.size(); i++) {
          if (seen.get(i).equals(a.event())) {
            throw new AssertionError(a.device() + " saw " + a.event() + " although it must not; it saw "
                + seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        int count = seen.size();
        device.events().await(ev -> device.events().events().size() > count, Duration.ofNanos(left));
      }
    }

    private void audio(Step.Audio a) throws Exception {
      Device receiverDevice = devices.get(a.device());
      Device senderDevice = devices.get(a.from());
      String sender = user(a.from());
      AudioProbe.Measurement m;
      if (receiverDevice instanceof VirtualDevice receiver) {
        if (!receiver.hasMedia()) {
          throw new AssertionError("audio checks need the scenario's devices to carry audio "
              + "(media: true)");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (receiver.mediaCalls().isEmpty() && System.nanoTime() < deadline) {
          receiver.events().await(ev -> false, Duration.ofMillis(50));
        }
        if (senderDevice instanceof VirtualDevice virtualSender) {
          m = AudioProbe.measure(a.device(), receiver, a.from(), virtualSender, sender);
        } else {
          MediaCallRecord call = receiver.mediaCalls().isEmpty() ? null
              : receiver.mediaCalls().get(receiver.mediaCalls().size() - 1);
          if (call == null || call.recordings().get(sender) == null) {
            throw new AssertionError(a.device() + " recorded nothing from " + a.from());
          }
          Path recording = call.recordings().get(sender);
          m = AudioProbe.measureFromLoop(a.device(), Wav.read(recording), recording, a.from(),
              microphoneFile(senderDevice), call.lastStats(sender));
        }
      } else {
        byte[] wav = pageRecording(a.device(), receiverDevice, sender);
        Path saveAs = farm.recordings().resolve("pages")
            .resolve(user(a.device()) + "-from-" + sender + ".wav");
        if (senderDevice instanceof VirtualDevice virtualSender) {
          m = AudioProbe.measureInPage(a.device(), receiverDevice, wav, a.from(), virtualSender,
              sender, saveAs);
        } else {
          m = AudioProbe.measureFromLoop(a.device(), AudioProbe.saved(wav, saveAs), saveAs,
              a.from(), microphoneFile(senderDevice), null);
        }
      }
      if (a.maxMouthToEarMs() != null && !m.mouthToEarKnown()) {
        throw new AssertionError("mouth-to-ear needs a sender whose microphone timing is known "
            + "(a virtual device); " + a.from() + " is a " + senderDevice.kind());
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

    /** What a browser's or Appium web client's page recorded from {@code senderUser}. */
    private byte[] pageRecording(String alias, Device device, String senderUser) {
      if (device instanceof BrowserDevice browser) {
        return browser.session().recordedAudio(senderUser);
      }
      if (device instanceof AppiumDevice appium) {
        return appium.webClientRecording(senderUser).orElseThrow(() -> new AssertionError(alias
            + " is an Appium device whose app is not the web client: its speaker is not observable"));
      }
      throw new AssertionError(alias + " is a " + device.kind() + " device: its speaker is not "
          + "observable here");
    }

    /** The file a browser's or Appium device's fake microphone loops, or null. */
    private Path microphoneFile(Device device) {
      if (device instanceof BrowserDevice browser) {
        return browser.microphoneFile();
      }
      return device instanceof AppiumDevice appium ? appium.microphoneFile() : null;
    }

    private List<String> signatures(Device device) {
      return device.events().events().stream().map(this::rename).map(CallEvent::signature).toList();
    }

    private CallEvent rename(CallEvent event) {
      List<String> args = new ArrayList<>();
      for (String arg : event.args()) {
        String renamed = arg;
        for (String alias : devices.keySet()) {
          renamed = renamed.replace(user(alias), alias);
        }
        for (String group : scenario.groups().keySet()) {
          renamed = renamed.replace(groupId(group), group);
        }
        args.add(renamed);
      }
      return new CallEvent(event.name(), args, event.atNanos(), event.atMillis());
    }

    /**
     * Analyses every stream a virtual device received in its last call that no audio step
     * measured, so each call record carries the quality of all its streams.
     */
    void analyzeEveryStream() {
      for (Map.Entry<String, Device> receiver : devices.entrySet()) {
        if (!(receiver.getValue() instanceof VirtualDevice virtual) || !virtual.hasMedia()
            || virtual.mediaCalls().isEmpty()) {
          continue;
        }
        MediaCallRecord call = virtual.mediaCalls().get(virtual.mediaCalls().size() - 1);
        for (Map.Entry<String, Device> sender : devices.entrySet()) {
          String from = sender.getKey();
          boolean measured = audio.stream().anyMatch(
              m -> m.device().equals(receiver.getKey()) && m.from().equals(from));
          Path recording = call.recordings().get(user(from));
          if (measured || recording == null) {
            continue;
          }
          try {
            audio.add(sender.getValue() instanceof VirtualDevice virtualSender
                ? AudioProbe.measure(receiver.getKey(), virtual, from, virtualSender, user(from))
                : AudioProbe.measureFromLoop(receiver.getKey(), Wav.read(recording), recording,
                    from, microphoneFile(sender.getValue()), call.lastStats(user(from))));
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
        kinds.put(entry.getKey(), entry.getValue().id() + " (" + entry.getValue().kind() + ")");
        timelines.put(entry.getKey(), entry.getValue().events().events().stream()
            .map(ev -> new TimedEvent(Math.max(0, ms(ev.atNanos())), rename(ev).signature(),
                matched.contains(ev))).toList());
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
