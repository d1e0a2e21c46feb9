package io.callfarm.farm;

import io.callfarm.engine.Engine;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.media.MediaEngine;
import io.callfarm.engine.media.WebRtcCallMedia;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.browser.BrowserDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The devices a run can lease, on one engine: it owns the client runtime, the media engine and the
 * network fabric its virtual devices share. A lease is bounded by the pool's count and released even
 * when the test failed ({@link Lease#close()}); released devices are logged out and closed. Thread-safe.
 */
public final class Farm implements AutoCloseable {
  private final FarmConfig config;
  private final Engine engine;
  private final ClientRuntime runtime;
  private final MediaEngine media;
  private final NetworkFabric fabric;
  private final ScheduledExecutorService sampler;
  private final Path recordings;
  private final Map<String, Semaphore> slots = new HashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  /**
   * @param withMedia whether virtual devices carry real WebRTC audio
   * @param recordings where devices record what they hear
   */
  public Farm(FarmConfig config, Engine engine, boolean withMedia, Path recordings) {
    this.config = config;
    this.engine = engine;
    this.runtime = ClientRuntime.start(2);
    this.media = withMedia ? new MediaEngine() : null;
    this.fabric = withMedia ? new NetworkFabric(config.seed()) : null;
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callfarm-farm-stats");
      t.setDaemon(true);
      return t;
    });
    this.recordings = recordings;
    for (FarmConfig.Pool pool : config.pools()) {
      slots.merge(pool.kind(), new Semaphore(pool.count()),
          (a, b) -> new Semaphore(a.availablePermits() + b.availablePermits()));
    }
  }

  public Engine engine() {
    return engine;
  }

  /** Where devices put what they record (virtual devices per user, browsers under browsers/). */
  public Path recordings() {
    return recordings;
  }

  public boolean hasMedia() {
    return media != null;
  }

  /**
   * Leases {@code count} devices of {@code kind}, waiting up to {@code wait} for free ones.
   *
   * @param invitationTimeout the call component's invitation timeout on these devices
   * @param withMedia whether their calls carry real audio (needs a farm with media)
   * @throws FarmException when none are free in time or the kind has no pool
   */
  public Lease lease(String kind, int count, Duration invitationTimeout, Duration wait,
      boolean withMedia) throws InterruptedException {
    Semaphore free = slots.get(kind);
    if (free == null) {
      throw new FarmException("no '" + kind + "' pool in the farm config (pools: " + slots.keySet()
          + ")");
    }
    if (!free.tryAcquire(count, wait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new FarmException("no " + count + " free " + kind + " devices within " + wait.toSeconds()
          + " s");
    }
    List<Device> devices = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Device device = create(kind, invitationTimeout, withMedia);
        devices.add(device);
        if (!device.healthy()) {
          throw new FarmException(device.id() + " failed its health check");
        }
      }
    } catch (RuntimeException e) {
      devices.forEach(Farm::closeQuietly);
      free.release(count);
      throw e;
    }
    return new Lease(devices, () -> free.release(count));
  }

  private Device create(String kind, Duration invitationTimeout, boolean withMedia) {
    String id = kind + "-" + ids.incrementAndGet();
    if (kind.equals("browser")) {
      return new BrowserDevice(id, engine.webUri(), invitationTimeout, recordings.resolve("browsers"));
    }
    if (!kind.equals("virtual")) {
      throw new FarmException("'" + kind + "' devices are declared but cannot be leased by this farm "
          + "yet");
    }
    if (withMedia && media == null) {
      throw new FarmException("devices with audio were asked for, but this farm runs without media");
    }
    ClientConfig client = ClientConfig.of(engine.signallingUri())
        .withInvitationTimeout(invitationTimeout).withHeartbeatInterval(Duration.ofSeconds(2));
    WebRtcCallMedia.Settings mediaSettings = !withMedia ? null
        : new WebRtcCallMedia.Settings(media, fabric, recordings, sampler, Duration.ofSeconds(1));
    return new VirtualDevice(id, engine, runtime, client, mediaSettings);
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
    sampler.shutdownNow();
    runtime.close();
    if (fabric != null) {
      fabric.close();
    }
    if (media != null) {
      media.close();
    }
  }
}
