package io.callfarm.farm;

import io.callfarm.engine.Engine;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.Flavour;
import io.callfarm.engine.media.SpeechClips;
import io.callfarm.farm.appium.AppiumDevice;
import io.callfarm.farm.appium.AppiumServer;
import io.callfarm.farm.appium.DeviceProfile;
import io.callfarm.farm.browser.BrowserDevice;
import io.callfarm.farm.host.DeviceHosts;
import io.callfarm.quality.PcmAudio;
import io.callfarm.quality.Resampler;
import io.callfarm.quality.Wav;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The devices a run can lease, on one engine. Signalling-only virtual devices run in this JVM on a client runtime
 * the farm owns; virtual devices with media (webrtc-java's native code) run in child-JVM device hosts
 * ({@link DeviceHosts}), started on first need and reused, so a native crash loses that host's devices and fails
 * the test using them, not the run. A lease is bounded by the pool's count (a need the pools can never meet is
 * refused at once) and released even when the test failed ({@link Lease#close()}); released devices are logged
 * out and closed. Thread-safe.
 */
public final class Farm implements AutoCloseable {
  private final FarmConfig config;
  private final Engine engine;
  private final ClientRuntime runtime;
  private final DeviceHosts hosts;
  private final Path recordings;
  private final Map<String, Semaphore> slots = new HashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final VirtualDevice.Credentials credentials;
  private AppiumServer appium;
  /**
   * Virtual microphones stay silent at least this long after their connection is up, and then until their
   * receivers' jitter buffers have settled (at most {@value io.callfarm.engine.media.DeviceMedia#MAX_SETTLE_WAIT_MS} ms more), so scripted
   * speech is not time-stretched by NetEq's start-up (see {@link io.callfarm.engine.media.MediaSettings#micWarmUp}).
   */
  public static final Duration MIC_WARM_UP = io.callfarm.engine.media.MediaSettings.SPEECH_WARM_UP;

  /**
   * @param withMedia whether virtual devices may carry real WebRTC audio (in device hosts)
   * @param recordings where devices record what they hear; device hosts log under {@code hosts/} there
   */
  public Farm(FarmConfig config, Engine engine, boolean withMedia, Path recordings) {
    this.config = config;
    this.engine = engine;
    this.runtime = ClientRuntime.start(2);
    this.recordings = recordings;
    this.hosts = withMedia ? new DeviceHosts(new DeviceHosts.Settings(engine.signallingUri(), recordings,
        config.seed(), recordings.resolve("hosts"), config.devicesPerHost())) : null;
    this.credentials = new VirtualDevice.Credentials() {
      @Override
      public long sdkAppId() {
        return engine.sdkAppId();
      }

      @Override
      public String userSig(String userId) throws Exception {
        return engine.userSig(userId, Duration.ofHours(2));
      }
    };
    for (FarmConfig.Pool pool : config.pools()) {
      slots.merge(pool.kind(), new Semaphore(pool.count()),
          (a, b) -> new Semaphore(a.availablePermits() + b.availablePermits()));
    }
  }

  public Engine engine() {
    return engine;
  }

  public FarmConfig config() {
    return config;
  }

  /** Where devices put what they record (virtual devices per user, browsers under browsers/). */
  public Path recordings() {
    return recordings;
  }

  public boolean hasMedia() {
    return hosts != null;
  }

  /** The device hosts started so far, dead ones included (empty without media). */
  public List<DeviceHosts.HostInfo> deviceHosts() {
    return hosts == null ? List.of() : hosts.hosts();
  }

  /** Leases {@code count} devices of {@code kind}, virtual ones of their pool's flavour; see the other lease. */
  public Lease lease(String kind, int count, Duration invitationTimeout, Duration wait,
      boolean withMedia) throws InterruptedException {
    return lease(kind, Collections.nCopies(count, (Flavour) null), invitationTimeout, wait, withMedia);
  }

  /**
   * Leases one device of {@code kind} per entry of {@code flavours}, waiting up to {@code wait} for free ones.
   *
   * @param flavours the call component's flavour of each virtual device (null: the virtual pool's
   *     {@code flavour}, {@code ios-v4} unless {@code farm.yaml} says otherwise); null entries for browser and
   *     Appium devices, which run their own client (the web client; the app under test)
   * @param invitationTimeout the call component's invitation timeout on these devices
   * @param withMedia whether their calls carry real audio (needs a farm with media)
   * @throws FarmException at once when the kind has no pool ({@code no_pool}) or its pools hold fewer than
   *     {@code count} ({@code pool_too_small}), naming the farm file; {@code no_free_device} when none were free
   *     in time
   */
  public Lease lease(String kind, List<Flavour> flavours, Duration invitationTimeout, Duration wait,
      boolean withMedia) throws InterruptedException {
    int count = flavours.size();
    if (!kind.equals("virtual") && flavours.stream().anyMatch(Objects::nonNull)) {
      throw new FarmException(kind + " devices run their own client; a flavour applies to virtual devices only");
    }
    if (kind.equals("virtual") && flavours.contains(null)) {
      Flavour pooled = Flavour.of(config.pool(kind).flavour());
      flavours = flavours.stream().map(f -> f == null ? pooled : f).toList();
    }
    config.checkCapacity(Map.of(kind, count), "a lease");
    Semaphore free = slots.get(kind);
    if (!free.tryAcquire(count, wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new FarmException(FarmException.Code.NO_FREE_DEVICE, "no " + count + " free " + kind
          + " devices within " + wait.toSeconds() + " s (" + config.capacity(kind) + " in " + config.source()
          + ", all leased by other tests)");
    }
    List<Device> devices = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Device device = create(kind, invitationTimeout, withMedia, flavours.get(i));
        devices.add(device);
        if (device.lost().isPresent()) {
          throw new FarmException(device.id() + " failed its health check: " + device.lost().get());
        }
      }
    } catch (RuntimeException e) {
      devices.forEach(Farm::closeQuietly);
      free.release(count);
      throw e;
    }
    return new Lease(devices, () -> free.release(count));
  }

  private Device create(String kind, Duration invitationTimeout, boolean withMedia, Flavour flavour) {
    String id = kind + "-" + ids.incrementAndGet();
    if (kind.equals("browser")) {
      String url = config.pool("browser").url();
      URL grid;
      try {
        grid = url == null || url.equals("local") ? null : URI.create(url).toURL();
      } catch (IOException | IllegalArgumentException e) {
        throw new FarmException("browser pool url '" + url + "' is not a URL: " + e.getMessage(), e);
      }
      return new BrowserDevice(id, engine.webUri(), invitationTimeout, recordings.resolve("browsers"),
          grid);
    }
    if (kind.equals("appium")) {
      return openAppium(id, invitationTimeout);
    }
    if (withMedia && hosts == null) {
      throw new FarmException("devices with audio were asked for, but this farm runs without media");
    }
    if (withMedia) {
      return hosts.create(id, invitationTimeout, flavour, credentials);
    }
    ClientConfig client = ClientConfig.of(engine.signallingUri())
        .withInvitationTimeout(invitationTimeout).withHeartbeatInterval(Duration.ofSeconds(2));
    return new VirtualDevice(id, credentials, runtime, client, null, flavour);
  }

  /**
   * An Appium device on the pool's server ({@code url: local} starts the pinned Appium server once,
   * on first use), with the pool's profile; its fake microphone plays a 48 kHz speech file.
   */
  private Device openAppium(String id, Duration invitationTimeout) {
    FarmConfig.Pool pool = config.pool("appium");
    try {
      URL server;
      synchronized (this) {
        if ("local".equals(pool.url())) {
          if (appium == null) {
            appium = AppiumServer.start(Path.of("device-farm"), Duration.ofSeconds(60));
          }
          server = appium.url();
        } else {
          server = URI.create(pool.url()).toURL();
        }
      }
      Path mic = recordings.resolve("appium").resolve(id + "-mic.wav").toAbsolutePath();
      Files.createDirectories(mic.getParent());
      Wav.write(mic, Resampler.resample(Wav.read(SpeechClips.file("cmu_arctic_us_axb_a0005")), 48_000));
      Map<String, Object> settings = new HashMap<>(pool.capabilities());
      settings.put("webClient", engine.webUri().toString().replaceAll("/$", ""));
      settings.put("invitationTimeoutMs", invitationTimeout.toMillis());
      settings.put("fakeMicrophone", mic.toString());
      settings.put("recordingsDir", mic.getParent().toString());
      return AppiumDevice.open(id, server, DeviceProfile.load(Path.of(pool.profile())), settings,
          Duration.ofSeconds(15));
    } catch (IOException e) {
      throw new FarmException(id + ": cannot open an Appium session: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Device device) {
    try {
      device.close();
    } catch (Exception e) {
      System.err.println("callfarm-farm: closing " + device.id() + " failed: " + e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (appium != null) {
        appium.close();
      }
    }
    if (hosts != null) {
      hosts.close();
    }
    runtime.close();
  }
}
