package io.callfarm.farm.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.scratch.FileTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser device: a fresh headless Chromium (own profile directory, fake microphone) driven through
 * chromedriver, with the engine's web call client loaded. Call actions click the client's elements by
 * their stable ids ({@link WebClientIds}) like the Appium profile does; callbacks are read from the
 * page's event log and timed on the JVM's clocks.
 *
 * <p>Ready when {@link #open} returns (client loaded, {@code window.callfarm.ready}). Not thread-safe:
 * one test thread drives one session. {@link #close()} quits the browser, stops chromedriver, checks
 * that none of their processes is left, and deletes the profile.
 */
public final class BrowserSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Sessions use WebDriver only, never CDP, so Selenium's "Unable to find CDP implementation matching
   * N" warning (one per session: no devtools artifact for this Chromium) is noise. Held statically:
   * java.util.logging keeps loggers weakly.
   */
  private static final Logger CDP_NOISE = quiet(
      "org.openqa.selenium.devtools.CdpVersionFinder");

  private final BrowserConfig config;
  private final Path profile;
  private final ChromeDriverService service;
  private final RemoteWebDriver driver;
  private final ProcessHandle driverProcess;
  private final ByteArrayOutputStream driverLog;
  private final PageClock clock;
  private final List<CallEvent> events = new ArrayList<>();
  private final List<String> console = new ArrayList<>();
  private String userId;
  private boolean closed;

  private BrowserSession(BrowserConfig config, Path profile, ChromeDriverService service,
      RemoteWebDriver driver, ProcessHandle driverProcess, ByteArrayOutputStream driverLog) {
    this.config = config;
    this.profile = profile;
    this.service = service;
    this.driver = driver;
    this.driverProcess = driverProcess;
    this.driverLog = driverLog;
    this.clock = PageClock.calibrate(driver);
  }

  /**
   * Starts Chromium and loads the web client at {@code webClient} (the engine's
   * {@code Engine#webUri()}) with the configured invitation timeout.
   *
   * @throws IllegalStateException when the browser or the client is not ready within
   *     {@link BrowserConfig#startTimeout()}; the message carries chromedriver's output
   */
  public static BrowserSession open(URI webClient, BrowserConfig config) throws IOException {
    return open(webClient, config, null);
  }

  /**
   * Like {@link #open(URI, BrowserConfig)}, with the browser started by the Selenium Grid at
   * {@code grid} (e.g. {@code io.callfarm.farm.grid.SeleniumGrid#url()}) instead of a local
   * chromedriver; null for local. The Grid's node must see the same Chromium path and fake
   * microphone file; the profile folder is made here and deleted on close.
   */
  public static BrowserSession open(URI webClient, BrowserConfig config, URL grid)
      throws IOException {
    Path profile = Files.createTempDirectory("callfarm-chromium-");
    ByteArrayOutputStream driverLog = new ByteArrayOutputStream();
    ChromeDriverService service = grid != null ? null : new ChromeDriverService.Builder()
        .usingDriverExecutable(config.chromedriver().toFile())
        .usingAnyFreePort()
        .withTimeout(config.startTimeout())
        .withLogOutput(driverLog)
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(config.chromium().toFile());
    options.addArguments(ChromiumFlags.forSession(config, profile));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    RemoteWebDriver driver = null;
    try {
      ProcessHandle driverProcess = null;
      if (grid == null) {
        service.start();
        driverProcess = findDriverProcess(service.getUrl().getPort());
        driver = new ChromeDriver(service, options);
      } else {
        driver = new RemoteWebDriver(grid, options);
      }
      driver.manage().timeouts().scriptTimeout(config.actionTimeout());
      driver.get(webClient.resolve("/?timeout=" + config.invitationTimeout().toMillis()).toString());
      new WebDriverWait(driver, config.startTimeout()).until(d -> Boolean.TRUE.equals(
          ((JavascriptExecutor) d).executeScript("return !!(window.callfarm && window.callfarm.ready);")));
      return new BrowserSession(config, profile, service, driver, driverProcess, driverLog);
    } catch (RuntimeException e) {
      String log = driverLog.toString(StandardCharsets.UTF_8);
      if (driver != null) {
        driver.quit();
      }
      if (service != null) {
        service.stop();
      }
      FileTrees.deleteOrWarn(profile, "browser profile");
      throw new IllegalStateException("browser device not ready within " + config.startTimeout()
          + " at " + webClient + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
          + "; chromedriver said: " + log.strip(), e);
    }
  }

  /** The user logged in through the UI, or null. */
  public String userId() {
    return userId;
  }

  /** The profile directory; every Chromium process of this session has it on its command line. */
  public Path profile() {
    return profile;
  }

  // ---- call actions: through the UI ----

  /**
   * Logs in through the login screen (the client fetches a test UserSig from the engine). Returns
   * once the login screen is gone: home, or incoming when a stored invitation was waiting.
   *
   * @throws IllegalStateException with the screen's error text when the login is refused
   */
  public void login(String user) {
    WebElement field = clickable(WebClientIds.LOGIN_USER);
    field.clear();
    field.sendKeys(user);
    click(WebClientIds.LOGIN_BUTTON);
    By loginScreen = By.id(WebClientIds.LOGIN_SCREEN);
    By error = By.id(WebClientIds.LOGIN_ERROR);
    // logged in: the login screen gives way to home, or straight to incoming for a stored invitation
    wait(config.actionTimeout(), "leaving the login screen as '" + user + "'").until(d ->
        !d.findElement(loginScreen).isDisplayed() || !d.findElement(error).getText().isBlank());
    String refused = driver.findElement(error).getText();
    if (!refused.isBlank()) {
      throw new IllegalStateException("login as '" + user + "' failed: " + refused);
    }
    userId = user;
  }

  /** A 1v1 call through the dial field. */
  public void call(String callee) {
    WebElement field = clickable(WebClientIds.DIAL_USER);
    field.clear();
    field.sendKeys(callee);
    click(WebClientIds.DIAL_BUTTON);
  }

  /**
   * A group call: refreshes the contacts, ticks each user, fills the group id (null for C2C
   * invitations) and presses "Group call". The users must have logged in before (contacts list).
   */
  public void groupCall(List<String> userIds, String groupId) {
    click(WebClientIds.REFRESH_BUTTON);
    for (String user : userIds) {
      WebElement box = clickable(WebClientIds.contact(user));
      if (!box.isSelected()) {
        box.click();
      }
    }
    WebElement group = clickable(WebClientIds.GROUP_ID);
    group.clear();
    if (groupId != null) {
      group.sendKeys(groupId);
    }
    click(WebClientIds.GROUP_CALL_BUTTON);
  }

  public void accept() {
    click(WebClientIds.ACCEPT_BUTTON);
  }

  public void reject() {
    click(WebClientIds.REJECT_BUTTON);
  }

  public void hangup() {
    click(WebClientIds.HANGUP_BUTTON);
  }

  /**
   * Clicks the element with this id if it shows now, without waiting for it: false when it does not show, or when
   * it went away before the click took (its screen changed under the click).
   */
  public boolean clickIfShowing(String id) {
    try {
      WebElement element = driver.findElement(By.id(id));
      if (!element.isDisplayed() || !element.isEnabled()) {
        return false;
      }
      element.click();
      return true;
    } catch (NoSuchElementException | StaleElementReferenceException | ElementNotInteractableException e) {
      return false;
    }
  }

  /** Logs out through the home screen's button; back on the login screen afterwards. */
  public void logout() {
    click(WebClientIds.LOGOUT_BUTTON);
    awaitScreen("login", config.actionTimeout());
    userId = null;
  }

  /**
   * Calls the page's call component directly, {@code window.callfarm.api[method](...args)}, and waits for its
   * promise: the component's own semantics, without the UI (an accept with nothing to accept is the
   * component's no-op, not a missing button).
   *
   * @throws IllegalStateException with the page's error when the call fails or is not an API method
   */
  public void invoke(String method, Object... args) {
    Object error = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "const api = window.callfarm.api; const m = arguments[0];"
        + "if (typeof api[m] !== 'function') { done('no api method ' + m); return; }"
        + "Promise.resolve().then(() => api[m](...Array.prototype.slice.call(arguments, 1, arguments.length - 1)))"
        + ".then(() => done(null), e => done(String(e && e.message || e)));",
        concat(method, args));
    if (error != null) {
      throw new IllegalStateException("api." + method + " failed in the page: " + error);
    }
  }

  private static Object[] concat(String first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** Whether the browser still answers (its driver session is alive). */
  public boolean isAlive() {
    try {
      driver.getTitle();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Presses the mute toggle if its state differs (in-call screen). */
  public void setMicMute(boolean mute) {
    toggle(WebClientIds.MUTE_BUTTON, mute);
  }

  /** Presses the hands-free toggle if its state differs (in-call screen). */
  public void setHandsFree(boolean handsFree) {
    toggle(WebClientIds.HANDSFREE_BUTTON, handsFree);
  }

  // ---- observation ----

  /** Every callback so far, oldest first, timed on the JVM's clocks (see {@link PageClock}). */
  public List<CallEvent> events() {
    poll();
    return List.copyOf(events);
  }

  /** The callback signatures so far, e.g. {@code [onInvited(alice,[],false), onUserEnter(alice)]}. */
  public List<String> signatures() {
    return events().stream().map(CallEvent::signature).toList();
  }

  /** The first event matching {@code match} (also one seen before the call), or empty at the deadline. */
  public Optional<CallEvent> await(Predicate<CallEvent> match, Duration timeout) {
    try {
      return Optional.of(new FluentWait<>(this).withTimeout(timeout).pollingEvery(POLL)
          .until(s -> s.events().stream().filter(match).findFirst().orElse(null)));
    } catch (TimeoutException e) {
      return Optional.empty();
    }
  }

  /**
   * Waits for a callback with this exact signature.
   *
   * @throws AssertionError naming the signature and the events seen when it does not come in time
   */
  public CallEvent expect(String signature, Duration timeout) {
    return await(e -> e.signature().equals(signature), timeout).orElseThrow(() -> new AssertionError(
        (userId == null ? "browser" : userId) + ": no " + signature + " within " + timeout.toMillis()
            + " ms; saw " + signatures() + "; console " + consoleTail()));
  }

  /** Which screen is showing: login, home, incoming or call. */
  public String screen() {
    for (String id : List.of(WebClientIds.LOGIN_SCREEN, WebClientIds.HOME_SCREEN,
        WebClientIds.INCOMING_SCREEN, WebClientIds.CALL_SCREEN)) {
      if (driver.findElement(By.id(id)).isDisplayed()) {
        return id.substring("screen-".length());
      }
    }
    return "none";
  }

  /** Waits until {@code screen} (login, home, incoming, call) shows. */
  public void awaitScreen(String screen, Duration timeout) {
    wait(timeout, "the " + screen + " screen").until(d -> screen.equals(screen()));
  }

  /** The visible toast's text, or empty when none shows. */
  public Optional<String> toast() {
    WebElement toast = driver.findElement(By.id(WebClientIds.TOAST));
    return toast.isDisplayed() ? Optional.of(toast.getText()) : Optional.empty();
  }

  /** A participant's volume meter (0-100) on the in-call screen. */
  public int volumeBar(String remote) {
    return Integer.parseInt(driver.findElement(By.id(WebClientIds.volume(remote)))
        .getDomAttribute("aria-valuenow"));
  }

  /**
   * The W3C stats of every link: {@code {remote: {send|receive: {connectionState, stats:[..]}}}} with
   * the page's inbound-rtp, remote-inbound-rtp, outbound-rtp and candidate-pair entries.
   */
  public JsonNode stats() {
    Object json = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "window.callfarm.api.stats().then(s => done(JSON.stringify(s)),"
        + " e => done(JSON.stringify({error: String(e)})));");
    try {
      JsonNode stats = JSON.readTree((String) json);
      if (stats.has("error")) {
        throw new IllegalStateException("getStats() failed in the page: " + stats.get("error"));
      }
      return stats;
    } catch (IOException e) {
      throw new UncheckedIOException("the page's stats are not JSON: " + json, e);
    }
  }

  /** What this browser receives from {@code remote}; empty before its receive link has stats. */
  public Optional<InboundAudio> inbound(String remote) {
    JsonNode stats = stats().path(remote);
    return stats.isMissingNode() ? Optional.empty() : InboundAudio.of(stats);
  }

  /**
   * The audio received from {@code remote} (or from everyone, mixed, when null) as recorded in the page
   * after the playout gain: a 16-bit mono WAV at the page's sample rate (normally 48 kHz), at most the
   * last 120 s. Empty (0 bytes) before the first call.
   */
  public byte[] recordedAudio(String remote) {
    return recordedAudio(remote, Duration.ZERO);
  }

  /** Like {@link #recordedAudio(String)}, only the last {@code last} of it (everything for zero). */
  public byte[] recordedAudio(String remote, Duration last) {
    String base64 = (String) driver.executeScript(
        "return window.callfarm.api.recordingWav(arguments[0], arguments[1]);", remote,
        last.toMillis() / 1000.0);
    return Base64.getDecoder().decode(base64);
  }

  /** Seconds of audio the page has recorded from {@code remote} so far. */
  public double recordedSeconds(String remote) {
    return ((Number) driver.executeScript("return window.callfarm.api.recordedSeconds(arguments[0]);",
        remote)).doubleValue();
  }

  /**
   * Waits until the page has recorded at least {@code length} of audio from {@code remote}.
   *
   * @throws AssertionError with what was recorded and the console when it does not in time
   */
  public void awaitRecording(String remote, Duration length, Duration timeout) {
    double wanted = length.toMillis() / 1000.0;
    try {
      new FluentWait<>(driver).withTimeout(timeout).pollingEvery(Duration.ofMillis(100))
          .until(d -> recordedSeconds(remote) >= wanted);
    } catch (TimeoutException e) {
      throw new AssertionError(userId + " recorded only " + recordedSeconds(remote) + " s of audio from "
          + remote + " within " + timeout.toMillis() + " ms; console " + consoleLog(), e);
    }
  }

  /** A PNG of the viewport. */
  public byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  /** Writes {@link #screenshot()} to {@code file} (creating folders) and returns the file. */
  public Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, screenshot());
  }

  /** The browser console so far ("LEVEL message" lines); kept after {@link #close()}. */
  public List<String> consoleLog() {
    if (!closed) {
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        console.add(entry.getLevel() + " " + entry.getMessage());
      }
    }
    return List.copyOf(console);
  }

  private List<String> consoleTail() {
    List<String> all = consoleLog();
    return all.subList(Math.max(0, all.size() - 10), all.size());
  }

  /** chromedriver's own output so far. */
  public String driverLog() {
    return driverLog.toString(StandardCharsets.UTF_8);
  }

  /**
   * Quits the browser and chromedriver, waits until every process they started has exited (force-
   * killing, by process id, any still alive after 10 s and then failing), and deletes the profile.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      consoleLog();
    } catch (RuntimeException e) {
      console.add("SEVERE console log unavailable at close: " + e.getMessage());
    }
    closed = true;
    List<ProcessHandle> started = driverProcess == null ? List.of()
        : Stream.concat(Stream.of(driverProcess), driverProcess.descendants()).toList();
    try {
      driver.quit();
    } finally {
      if (service != null) {
        service.stop();
      }
      List<ProcessHandle> leftover = awaitExit(started);
      FileTrees.deleteOrWarn(profile, "browser profile");
      if (!leftover.isEmpty()) {
        throw new IllegalStateException("browser processes outlived quit() and were killed: "
            + leftover.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList());
      }
    }
  }

  // ---- internals ----

  private void poll() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> fresh = (List<Map<String, Object>>) driver.executeScript(
        "return window.callfarm.events.slice(arguments[0]);", events.size());
    for (Map<String, Object> e : fresh) {
      double at = ((Number) e.get("at")).doubleValue();
      @SuppressWarnings("unchecked")
      List<Object> args = (List<Object>) e.get("args");
      events.add(new CallEvent((String) e.get("name"), args.stream().map(String::valueOf).toList(),
          clock.toJvmNanos(at), clock.toJvmMillis(at)));
    }
  }

  private WebElement clickable(String id) {
    return wait(config.actionTimeout(), "#" + id + " to be clickable")
        .until(ExpectedConditions.elementToBeClickable(By.id(id)));
  }

  private void click(String id) {
    clickable(id).click();
  }

  private void toggle(String id, boolean pressed) {
    WebElement button = clickable(id);
    if (!String.valueOf(pressed).equals(button.getDomAttribute("aria-pressed"))) {
      button.click();
    }
  }

  private WebDriverWait wait(Duration timeout, String what) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, POLL);
    wait.withMessage(() -> (userId == null ? "browser" : userId) + " waited " + timeout.toMillis()
        + " ms for " + what + "; screen " + screen() + ", events " + signatures() + ", console "
        + consoleTail());
    return wait;
  }

  private static Logger quiet(String loggerName) {
    Logger logger = Logger.getLogger(loggerName);
    logger.setLevel(Level.SEVERE);
    return logger;
  }

  private static ProcessHandle findDriverProcess(int port) {
    return ProcessHandle.current().children()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains("--port=" + port))
            .orElse(false))
        .findFirst().orElse(null);
  }

  private static List<ProcessHandle> awaitExit(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    for (ProcessHandle p : processes) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        p.onExit().completeOnTimeout(p, left, TimeUnit.NANOSECONDS).join();
      }
    }
    List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).toList();
    alive.forEach(ProcessHandle::destroyForcibly);
    return alive;
  }
}
