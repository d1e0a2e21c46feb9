package io.callfarm.farm.appium;

import io.appium.java_client.AppiumDriver;
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
import io.callfarm.quality.Wav;
import io.callfarm.farm.ServerProcess;
import io.callfarm.scratch.FileTrees;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.MutableCapabilities;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * A device driven through an Appium server the way a phone farm drives a real app: every action is
 * the profile's UI steps on its locators (taps, typing), and every callback is read from the device's
 * log ({@code driver.manage().logs()}, the profile's {@code logType}) by the profile's patterns - never
 * from the app's internals. In CI the app is the engine's web call client in Chromium (profile
 * {@code web-client.yaml}); on a farm a UiAutomator2/XCUITest profile drives the TRTC demo app.
 *
 * <p>The log is read every 100 ms on a daemon thread; events carry the log entry's time. Actions
 * block until their steps are done (each wait bounded by the action timeout) and are meant for one
 * test thread. {@link #close()} ends the session and deletes what the device created.
 */
public final class AppiumDevice implements Device {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long LOST_AFTER_MILLIS = 5000;

  private final String id;
  private final DeviceProfile profile;
  private final AppiumDriver driver;
  private final Duration actionTimeout;
  private final Path userDataDir;
  private final Path microphone;
  private final EventLog log = new EventLog();
  private final List<String> logLines = new ArrayList<>();
  private final ScheduledExecutorService reader;
  private final Path recordingsDir;
  private final AtomicInteger recordings = new AtomicInteger();
  private volatile String userId;
  private volatile String readError;
  private volatile long failingSince;
  private volatile boolean closed;

  private AppiumDevice(String id, DeviceProfile profile, AppiumDriver driver, Duration actionTimeout,
      Path userDataDir, Path microphone, Path recordingsDir) {
    this.id = id;
    this.recordingsDir = recordingsDir;
    this.microphone = microphone;
    this.profile = profile;
    this.driver = driver;
    this.actionTimeout = actionTimeout;
    this.userDataDir = userDataDir;
    this.reader = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callfarm-appium-log-" + id);
      t.setDaemon(true);
      return t;
    });
    reader.scheduleWithFixedDelay(this::readLogSafely, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Opens a session on {@code server} with the profile's capabilities and runs its {@code launch}
   * action; ready when it returns.
   *
   * @param settings the values of the {@code ${variables}} the capabilities and launch use, e.g. for
   *     web-client.yaml {@code webClient}, {@code invitationTimeoutMs}, {@code fakeMicrophone};
   *     {@code chromedriverPort} (a free port) and {@code userDataDir} (a fresh folder, deleted on
   *     close) are supplied by the device when the profile uses them and the caller did not;
   *     {@code recordingsDir} (optional, default the temp folder) is where {@link #heard} keeps what a web client
   *     recorded
   * @param actionTimeout bounds each wait of a step (element to show, to go)
   * @throws FarmException when a setting is missing or the session or launch fails, with Appium's
   *     message
   */
  public static AppiumDevice open(String id, URL server, DeviceProfile profile,
      Map<String, Object> settings, Duration actionTimeout) throws IOException {
    Set<String> used = profile.settingsUsed();
    Map<String, Object> variables = new HashMap<>(settings);
    Path userDataDir = null;
    if (used.contains("userDataDir") && !variables.containsKey("userDataDir")) {
      userDataDir = Files.createTempDirectory("callfarm-appium-" + id + "-");
      variables.put("userDataDir", userDataDir.toAbsolutePath().toString());
    }
    if (used.contains("chromedriverPort") && !variables.containsKey("chromedriverPort")) {
      variables.put("chromedriverPort", ServerProcess.freePort());
    }
    for (String needed : used) {
      if (!variables.containsKey(needed)) {
        deleteProfile(userDataDir);
        throw new FarmException(id + ": profile '" + profile.name() + "' (" + profile.source()
            + ") needs setting '" + needed + "'; pass it to AppiumDevice.open");
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> caps = (Map<String, Object>) Placeholders.resolve(profile.capabilities(),
        variables, profile.source() + ": capabilities");
    AppiumDriver driver;
    try {
      driver = new AppiumDriver(server, new MutableCapabilities(caps));
    } catch (WebDriverException e) {
      deleteProfile(userDataDir);
      throw new FarmException(id + ": Appium at " + server + " refused a session for profile '"
          + profile.name() + "': " + firstLine(e), e);
    }
    Object fakeMicrophone = settings.get("fakeMicrophone");
    Object recordingsDir = settings.get("recordingsDir");
    AppiumDevice device = new AppiumDevice(id, profile, driver, actionTimeout, userDataDir,
        fakeMicrophone == null ? null : Path.of(fakeMicrophone.toString()),
        recordingsDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(recordingsDir.toString()));
    try {
      if (profile.steps("launch") != null) {
        device.run("launch", variables);
      }
      return device;
    } catch (RuntimeException e) {
      device.close();
      throw e;
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String kind() {
    return "appium";
  }

  @Override
  public String userId() {
    return userId;
  }

  public DeviceProfile profile() {
    return profile;
  }

  /** Logs in through the app's login steps; returns when they are done (e.g. the login screen went). */
  @Override
  public void login(String user) {
    run("login", Map.of("userId", user));
    userId = user;
  }

  @Override
  public void logout() {
    run("logout", Map.of());
    userId = null;
  }

  @Override
  public ActionResult call(String user) {
    run("call", Map.of("userId", user));
    return ActionResult.DONE;
  }

  @Override
  public ActionResult groupCall(List<String> users, String groupId) {
    run("groupCall", Map.of("userIds", String.join(",", users), "groupId",
        groupId == null ? "" : groupId));
    return ActionResult.DONE;
  }

  /** Accepts when the accept step's element shows; otherwise (nothing rings) a recorded no-op. */
  @Override
  public ActionResult accept() {
    return runIfShowing("accept", Map.of(), "nothing rings");
  }

  @Override
  public ActionResult reject() {
    return runIfShowing("reject", Map.of(), "nothing rings");
  }

  /**
   * Hangs up when the hang-up step's element shows; while ringing it rejects (the component's hangup); otherwise a
   * no-op (not in a call), so releasing a device never waits for a button that is not there.
   */
  @Override
  public ActionResult hangup() {
    if (!firstShows("hangup") && firstShows("reject")) {
      return runIfShowing("reject", Map.of(), "not in a call");
    }
    return runIfShowing("hangup", Map.of(), "not in a call");
  }

  @Override
  public ActionResult setMicMute(boolean mute) {
    return runIfShowing("setMicMute", Map.of("on", mute), "not in a call");
  }

  @Override
  public ActionResult setHandsFree(boolean handsFree) {
    return runIfShowing("setHandsFree", Map.of("on", handsFree), "not in a call");
  }

  /** Its microphone's start cannot be observed: {@value Device#UNOBSERVED_MIC}. */
  @Override
  public boolean awaitTalking(Duration within) {
    throw new FarmException(id + ": " + Device.UNOBSERVED_MIC);
  }

  /** What the profile's fake microphone loops (the {@code fakeMicrophone} setting), from a phase nobody observes. */
  @Override
  public SentAudio sent() {
    if (microphone == null) {
      throw new FarmException(id + "'s microphone is the device's own (no 'fakeMicrophone' setting): what it "
          + "sent is not known");
    }
    return SentAudio.looped(microphone, Wav.read(microphone).sampleRate());
  }

  /**
   * What the app recorded from {@code remoteUser}, when the app is the web call client (its page keeps a recording
   * per remote); {@code wait} does not apply (the page's recording is final once the stream ended).
   *
   * @throws FarmException for a native app, whose speaker Appium cannot hear
   */
  @Override
  public HeardAudio heard(String remoteUser, Duration wait) {
    byte[] wav = webClientRecording(remoteUser).orElseThrow(() -> new FarmException(id + " runs an app that is "
        + "not the web client (profile '" + profile.name() + "'): its speaker is not observable"));
    readLogSafely();
    Path saveAs = recordingsDir.resolve(userId + "-from-" + remoteUser + "-" + recordings.incrementAndGet()
        + ".wav");
    return PageRecordings.heard(id, wav, saveAs, remoteUser, log.events(), Optional.empty());
  }

  /** Nothing by itself: a web client's recordings are fetched on demand ({@link #heard}). */
  @Override
  public Set<String> recordedFrom() {
    return Set.of();
  }

  @Override
  public Optional<byte[]> screenshot() {
    synchronized (driver) {
      return closed ? Optional.empty() : Optional.of(driver.getScreenshotAs(OutputType.BYTES));
    }
  }

  /** The callbacks recognised in the device's log so far, timed by their log entries. */
  @Override
  public EventLog events() {
    return log;
  }

  /** The microphone is the session's (web client: the fakeMicrophone WAV; a phone: its own). */
  @Override
  public void setMic(MicSpec mic) {
    throw new FarmException(id + ": an Appium device's microphone is fixed by its session (web "
        + "client: the 'fakeMicrophone' setting); cannot switch to " + mic);
  }

  @Override
  public void setNetwork(NetworkFabric.Profile network) {
    throw new FarmException(id + ": network emulation applies to virtual devices only; shape an "
        + "Appium device's network on the farm side");
  }

  /** Lost once closed, or when its log has not been readable for {@value #LOST_AFTER_MILLIS} ms in a row. */
  @Override
  public Optional<String> lost() {
    if (closed) {
      return Optional.of(id + " is closed");
    }
    long since = failingSince;
    if (since == 0 || System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(LOST_AFTER_MILLIS)) {
      return Optional.empty();
    }
    return Optional.of("Appium session stopped answering for " + LOST_AFTER_MILLIS / 1000 + " s: " + readError);
  }

  /** What the web client's page recorded from {@code remoteUser}; empty for a native app (no page to ask). */
  private Optional<byte[]> webClientRecording(String remoteUser) {
    try {
      Object base64;
      synchronized (driver) {
        base64 = driver.executeScript("return window.callfarm && window.callfarm.api"
            + " ? window.callfarm.api.recordingWav(arguments[0]) : null", remoteUser);
      }
      return base64 instanceof String text && !text.isEmpty()
          ? Optional.of(java.util.Base64.getDecoder().decode(text)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // a native context has no page to ask
    }
  }

  /**
   * Runs {@code action} when its first step's element shows now; otherwise a no-op saying so. A run whose element
   * went away meanwhile (the call ended under it) is a no-op too.
   */
  private ActionResult runIfShowing(String action, Map<String, Object> variables, String nothing) {
    List<Step> steps = profile.steps(action);
    if (steps != null && !firstShows(action)) {
      return ActionResult.noOp(nothing + ": " + steps.get(0).locator() + " does not show");
    }
    try {
      run(action, variables);
      return ActionResult.DONE;
    } catch (FarmException e) {
      if (steps != null && !firstShows(action)) {
        return ActionResult.noOp(nothing + ": " + steps.get(0).locator() + " went away during the action");
      }
      throw e;
    }
  }

  /** Whether the first step of {@code action} targets an element that shows now (true for steps without one). */
  private boolean firstShows(String action) {
    List<Step> steps = profile.steps(action);
    if (steps == null || steps.get(0).locator() == null || steps.get(0).locator().value().contains("${")) {
      return true; // nothing to look for before the action's variables are resolved
    }
    Locator locator = steps.get(0).locator();
    synchronized (driver) {
      return showing(locator.by(locator.value()));
    }
  }

  /** Every log line read so far (matched or not), for reports; kept after {@link #close()}. */
  public List<String> logLines() {
    synchronized (logLines) {
      return List.copyOf(logLines);
    }
  }

  // ---- internals ----

  private void run(String action, Map<String, Object> variables) {
    List<Step> steps = profile.steps(action);
    if (steps == null) {
      throw new FarmException(id + ": profile '" + profile.name() + "' (" + profile.source()
          + ") has no '" + action + "' action");
    }
    int index = 0;
    for (Step step : steps) {
      index++;
      String where = id + ": " + action + " step " + index + " (" + step + ")";
      try {
        synchronized (driver) {
          perform(step, variables, where);
        }
      } catch (TimeoutException e) {
        throw new FarmException(where + " did not succeed within " + actionTimeout.toMillis()
            + " ms; events " + log.signatures(), e);
      } catch (WebDriverException e) {
        throw new FarmException(where + " failed: " + firstLine(e), e);
      }
    }
  }

  private void perform(Step step, Map<String, Object> variables, String where) {
    String text = Placeholders.text(step.text(), variables, where);
    if (step.kind().equals("open")) {
      driver.get(text);
      return;
    }
    By by = step.locator().by(Placeholders.text(step.locator().value(), variables, where));
    FluentWait<AppiumDriver> wait = new FluentWait<>(driver).withTimeout(actionTimeout)
        .pollingEvery(POLL).ignoring(NoSuchElementException.class)
        .ignoring(StaleElementReferenceException.class);
    switch (step.kind()) {
      case "awaitVisible" -> wait.until(d -> d.findElement(by).isDisplayed());
      case "awaitGone" -> wait.until(d -> !showing(by));
      default -> {
        WebElement element = wait.until(d -> {
          WebElement e = d.findElement(by);
          return e.isDisplayed() && e.isEnabled() ? e : null;
        });
        switch (step.kind()) {
          case "tap" -> element.click();
          case "type" -> {
            element.clear();
            element.sendKeys(text);
          }
          case "toggle" -> {
            if (!text.equals(element.getDomAttribute(step.attribute()))) {
              element.click();
            }
          }
          default -> throw new IllegalStateException("unvalidated step kind " + step.kind());
        }
      }
    }
  }

  /** Whether an element matching {@code by} is displayed now (one that vanishes meanwhile is not). */
  private boolean showing(By by) {
    return driver.findElements(by).stream().anyMatch(e -> {
      try {
        return e.isDisplayed();
      } catch (StaleElementReferenceException gone) {
        return false;
      }
    });
  }

  private void readLogSafely() {
    try {
      readLog();
      readError = null;
      failingSince = 0;
    } catch (RuntimeException e) {
      readError = firstLine(e);
      if (failingSince == 0) {
        failingSince = System.nanoTime();
      }
    }
  }

  private void readLog() {
    List<LogEntry> entries;
    synchronized (driver) {
      if (closed) {
        return;
      }
      entries = driver.manage().logs().get(profile.logType()).getAll();
    }
    for (LogEntry entry : entries) {
      String line = entry.getMessage();
      synchronized (logLines) {
        logLines.add(entry.getTimestamp() + " " + entry.getLevel() + " " + line);
      }
      for (CallbackPattern pattern : profile.callbacks()) {
        var args = pattern.match(line);
        if (args.isPresent()) {
          long ageMillis = Math.max(0, System.currentTimeMillis() - entry.getTimestamp());
          log.append(new CallEvent(pattern.callback(), args.get(),
              System.nanoTime() - ageMillis * 1_000_000, entry.getTimestamp()));
          break;
        }
      }
    }
  }

  /** Reads the log a last time, ends the session and deletes the device's browser profile, if any. */
  @Override
  public void close() {
    reader.shutdownNow();
    try {
      reader.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (driver) {
      if (closed) {
        return;
      }
      try {
        readLog();
      } catch (RuntimeException e) {
        synchronized (logLines) {
          logLines.add("log unavailable at close: " + firstLine(e));
        }
      }
      closed = true;
      try {
        driver.quit();
      } finally {
        deleteProfile(userDataDir);
      }
    }
  }

  private static String firstLine(Exception e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
  }

  /** Deletes the device's browser profile folder, if it made one ({@code null} otherwise). */
  private static void deleteProfile(Path userDataDir) {
    if (userDataDir != null) {
      FileTrees.deleteOrWarn(userDataDir, "Appium device profile");
    }
  }
}
