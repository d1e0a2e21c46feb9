package io.callfarm.farm.browser;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.ActionResult;
import io.callfarm.farm.Device;
import io.callfarm.farm.FarmException;
import io.callfarm.farm.HeardAudio;
import io.callfarm.farm.MicSpec;
import io.callfarm.farm.PageRecordings;
import io.callfarm.farm.SentAudio;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A browser phone: headless Chromium running the engine's web call client, driven through its UI
 * by a {@link BrowserSession}. The browser starts at {@link #login} (its fake microphone is a launch
 * flag, so {@link #setMic} must come first); its callbacks are pumped from the page's event log into
 * {@link #events()} every 50 ms with their page times, and the page's inbound-rtp stats once a second. Actions
 * keep the component's semantics: accepting with nothing ringing, or hanging up outside a call, is a recorded
 * no-op ({@link ActionResult}), not a wait for a button that is not there. Every session call is serialised:
 * WebDriver is not thread-safe.
 */
public final class BrowserDevice implements Device {
  private static final Duration PUMP_PERIOD = Duration.ofMillis(50);
  /** Stats are read every 20th pump tick: once a second. */
  private static final int STATS_EVERY_TICKS = 20;
  private static final long LOST_AFTER_MILLIS = 5000;
  private static final int MIC_RATE = 48_000;

  private final String id;
  private final URI webClient;
  private final Duration invitationTimeout;
  private final Path workDir;
  private final URL grid;
  private final EventLog log = new EventLog();
  private final ScheduledExecutorService pump;
  private volatile MicSpec mic = MicSpec.SILENCE;
  private volatile Path micFile;
  private final Map<String, InboundAudio> inbound = new ConcurrentHashMap<>();
  private final AtomicInteger recordings = new AtomicInteger();
  private BrowserSession session;
  private int pumped;
  private long ticks;
  private volatile long failingSince;
  private volatile String failure;

  /** @param grid a Selenium Grid to start the browser on, or null for a local chromedriver */
  public BrowserDevice(String id, URI webClient, Duration invitationTimeout, Path workDir, URL grid) {
    this.id = id;
    this.grid = grid;
    this.webClient = webClient;
    this.invitationTimeout = invitationTimeout;
    this.workDir = workDir;
    this.pump = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callfarm-browser-pump-" + id);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String kind() {
    return "browser";
  }

  @Override
  public synchronized String userId() {
    return session == null ? null : session.userId();
  }

  @Override
  public void login(String userId) throws Exception {
    synchronized (this) {
      if (session == null) {
        micFile = fakeMicrophone();
        BrowserConfig config = BrowserConfig.defaults().withInvitationTimeout(invitationTimeout)
            .withFakeMicrophone(micFile);
        session = BrowserSession.open(webClient, config, grid);
        pump.scheduleWithFixedDelay(this::pumpEvents, PUMP_PERIOD.toMillis(),
            PUMP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
      }
      session.login(userId);
    }
  }

  @Override
  public synchronized void logout() {
    session().logout();
  }

  @Override
  public synchronized ActionResult call(String userId) {
    inbound.clear();
    session().call(userId);
    return ActionResult.DONE;
  }

  @Override
  public synchronized ActionResult groupCall(List<String> userIds, String groupId) {
    inbound.clear();
    session().groupCall(userIds, groupId);
    return ActionResult.DONE;
  }

  /** Presses accept when the incoming screen shows; otherwise (nothing rings) a no-op, as the component's. */
  @Override
  public synchronized ActionResult accept() {
    inbound.clear();
    return press(WebClientIds.ACCEPT_BUTTON, "incoming", "nothing rings");
  }

  @Override
  public synchronized ActionResult reject() {
    return press(WebClientIds.REJECT_BUTTON, "incoming", "nothing rings");
  }

  /** In a call: hangs up; ringing: rejects (the component's hangup); otherwise a no-op. */
  @Override
  public synchronized ActionResult hangup() {
    if (session == null) {
      return ActionResult.noOp("not in a call: the browser has not started");
    }
    return session.screen().equals("incoming")
        ? press(WebClientIds.REJECT_BUTTON, "incoming", "not in a call")
        : press(WebClientIds.HANGUP_BUTTON, "call", "not in a call");
  }

  /** The web client's mute button exists on the call screen only: elsewhere a no-op, recorded. */
  @Override
  public synchronized ActionResult setMicMute(boolean mute) {
    if (!session().screen().equals("call")) {
      return ActionResult.noOp("the web client mutes in a call only (its " + session.screen()
          + " screen shows)");
    }
    session.setMicMute(mute);
    return ActionResult.DONE;
  }

  @Override
  public synchronized ActionResult setHandsFree(boolean handsFree) {
    if (!session().screen().equals("call")) {
      return ActionResult.noOp("the web client switches hands-free in a call only (its " + session.screen()
          + " screen shows)");
    }
    session.setHandsFree(handsFree);
    return ActionResult.DONE;
  }

  /** Clicks {@code button} if {@code screen} shows; a no-op with what showed instead when it does not (any more). */
  private ActionResult press(String button, String screen, String nothing) {
    String showing = session().screen();
    if (!showing.equals(screen)) {
      return ActionResult.noOp(nothing + ": the " + showing + " screen shows");
    }
    if (!session.clickIfShowing(button)) {
      return ActionResult.noOp(nothing + ": the " + screen + " screen went away before #" + button
          + " could be pressed");
    }
    return ActionResult.DONE;
  }

  @Override
  public EventLog events() {
    return log;
  }

  @Override
  public void setMic(MicSpec spec) {
    this.mic = spec;
  }

  @Override
  public void setNetwork(NetworkFabric.Profile profile) {
    throw new FarmException(id + ": browser devices use Chromium's own network stack; impair the "
        + "virtual side of the call instead");
  }

  /** Its microphone's start cannot be observed: {@value Device#UNOBSERVED_MIC}. */
  @Override
  public boolean awaitTalking(Duration within) {
    throw new FarmException(id + ": " + Device.UNOBSERVED_MIC);
  }

  /** The WAV Chromium's fake microphone loops from a phase nobody observes: its timing is not known. */
  @Override
  public SentAudio sent() {
    Path file = micFile;
    if (file == null) {
      throw new FarmException(id + "'s microphone is not known before its browser started (at login)");
    }
    return SentAudio.looped(file, MIC_RATE);
  }

  /**
   * What the page recorded from {@code remoteUser} (fetched now; {@code wait} does not apply: the page's recording
   * is final once the stream ended), kept under this device's folder, with the last inbound-rtp stats sampled.
   */
  @Override
  public HeardAudio heard(String remoteUser, Duration wait) {
    byte[] wav;
    synchronized (this) {
      wav = session().recordedAudio(remoteUser);
    }
    pumpEvents();
    Path saveAs = workDir.resolve(userId() + "-from-" + remoteUser + "-" + recordings.incrementAndGet() + ".wav");
    InboundAudio stats = inbound.get(remoteUser);
    return PageRecordings.heard(id, wav, saveAs, remoteUser, log.events(),
        stats == null ? Optional.empty() : Optional.of(stats.toLinkStats(remoteUser)));
  }

  /** Nothing by itself: the page's recordings are fetched on demand ({@link #heard}). */
  @Override
  public Set<String> recordedFrom() {
    return Set.of();
  }

  @Override
  public synchronized Optional<byte[]> screenshot() {
    return session == null ? Optional.empty() : Optional.of(session.screenshot());
  }

  /** Lost once the page has not answered for {@value #LOST_AFTER_MILLIS} ms in a row (the browser died). */
  @Override
  public Optional<String> lost() {
    long since = failingSince;
    if (since == 0 || System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(LOST_AFTER_MILLIS)) {
      return Optional.empty();
    }
    return Optional.of("browser stopped answering for " + LOST_AFTER_MILLIS / 1000 + " s: " + failure);
  }

  /** The browser session, for screenshots, stats and recordings; null before login. */
  public synchronized BrowserSession session() {
    if (session == null) {
      throw new FarmException(id + ": log in first (the browser starts at login)");
    }
    return session;
  }

  /** Pump tick: new callbacks into the log; once a second the page's inbound-rtp stats of each stream. */
  private void pumpEvents() {
    List<CallEvent> all;
    Map<String, InboundAudio> stats = Map.of();
    synchronized (this) {
      if (session == null) {
        return;
      }
      try {
        all = session.events();
        if (++ticks % STATS_EVERY_TICKS == 0) {
          stats = inboundStats();
        }
        failingSince = 0;
      } catch (RuntimeException e) {
        if (failingSince == 0) {
          failingSince = System.nanoTime();
        }
        failure = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
        return; // the page is navigating or closing; the next tick reads again
      }
      for (int i = pumped; i < all.size(); i++) {
        log.append(all.get(i));
      }
      pumped = Math.max(pumped, all.size());
    }
    stats.forEach((remote, audio) -> {
      if (audio.packetsReceived() > 0) {
        inbound.put(remote, audio);
      }
    });
  }

  private Map<String, InboundAudio> inboundStats() {
    Map<String, InboundAudio> out = new HashMap<>();
    session.stats().fields().forEachRemaining(remote ->
        InboundAudio.of(remote.getValue()).ifPresent(audio -> out.put(remote.getKey(), audio)));
    return out;
  }

  private Path fakeMicrophone() throws IOException {
    Files.createDirectories(workDir);
    int rate = MIC_RATE;
    Path wav = workDir.resolve(id + "-mic.wav");
    if (mic.kind().equals("wav")) {
      // Chromium's fake capture plays only 48 kHz files; anything else comes out silent
      Wav.write(wav, Resampler.resample(Wav.read(mic.file()), rate));
      return wav;
    }
    float[] samples = new float[rate * 30];
    if (mic.kind().equals("tone")) {
      double amplitude = Math.sqrt(2) * Math.pow(10, mic.levelDbov() / 20);
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (float) (amplitude * Math.sin(2 * Math.PI * mic.frequencyHz() * i / rate));
      }
    }
    Wav.write(wav, new PcmAudio(rate, samples));
    return wav;
  }

  @Override
  public void close() {
    pump.shutdownNow();
    synchronized (this) {
      if (session != null) {
        session.close();
        session = null;
      }
    }
  }
}
