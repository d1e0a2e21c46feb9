package io.callfarm.farm.browser;

import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.Device;
import io.callfarm.farm.FarmException;
import io.callfarm.farm.MicSpec;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A browser phone: headless Chromium running the engine's web call client, driven through its UI
 * by a {@link BrowserSession}. The browser starts at {@link #login} (its fake microphone is a launch
 * flag, so {@link #setMic} must come first); its callbacks are pumped from the page's event log into
 * {@link #events()} every 50 ms with their page times. Every session call is serialised: WebDriver is
 * not thread-safe.
 */
public final class BrowserDevice implements Device {
  private static final Duration PUMP_PERIOD = Duration.ofMillis(50);

  private final String id;
  private final URI webClient;
  private final Duration invitationTimeout;
  private final Path workDir;
  private final URL grid;
  private final EventLog log = new EventLog();
  private final ScheduledExecutorService pump;
  private volatile MicSpec mic = MicSpec.SILENCE;
  private volatile Path micFile;
  private BrowserSession session;
  private int pumped;

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
  public synchronized void call(String userId) {
    session().call(userId);
  }

  @Override
  public synchronized void groupCall(List<String> userIds, String groupId) {
    session().groupCall(userIds, groupId);
  }

  @Override
  public synchronized void accept() {
    session().accept();
  }

  @Override
  public synchronized void reject() {
    session().reject();
  }

  @Override
  public synchronized void hangup() {
    if (session == null) {
      return;
    }
    switch (session.screen()) {
      case "call" -> session.hangup();
      case "incoming" -> session.reject();
      default -> { } // not calling: a no-op, as the component's hangup()
    }
  }

  @Override
  public synchronized void setMicMute(boolean mute) {
    session().setMicMute(mute);
  }

  @Override
  public synchronized void setHandsFree(boolean handsFree) {
    session().setHandsFree(handsFree);
  }

  @Override
  public void createGroup(String groupId, List<String> members) {
    throw new FarmException(id + ": the web client cannot create IM groups; let a virtual device "
        + "own the group");
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

  @Override
  public synchronized boolean healthy() {
    return session == null || session.isAlive();
  }

  /** The WAV Chromium's fake microphone loops, or null before the browser started. */
  public Path microphoneFile() {
    return micFile;
  }

  /** The browser session, for screenshots, stats and recordings; null before login. */
  public synchronized BrowserSession session() {
    if (session == null) {
      throw new FarmException(id + ": log in first (the browser starts at login)");
    }
    return session;
  }

  private void pumpEvents() {
    List<CallEvent> all;
    synchronized (this) {
      if (session == null) {
        return;
      }
      try {
        all = session.events();
      } catch (RuntimeException e) {
        return; // the page is navigating or closing; the next tick reads again
      }
    }
    for (int i = pumped; i < all.size(); i++) {
      log.append(all.get(i));
    }
    pumped = all.size();
  }

  private Path fakeMicrophone() throws IOException {
    Files.createDirectories(workDir);
    int rate = 48_000;
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
