package io.callfarm.engine.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns what all devices of one JVM (or one test) share: the send-side {@link PeerConnectionFactory} on a
 * {@code kDummyAudio} device module (the only set-up where pushing PCM does not race a device thread), the clock
 * thread {@code callfarm-media-clock} that pushes every device's microphone every 10 ms and measures volumes
 * every 300 ms, and the signal thread {@code callfarm-media-signal} on which all signalling, peer-connection
 * control and {@link MediaListener} callbacks run. Receive-side factories are per device (see
 * {@link DeviceMedia}). {@link #close()} closes every device still open, then disposes the factory and stops
 * both threads; it must not be called from a listener callback.
 */
public final class MediaEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);
  /** Ticks of the 10 ms clock between two volume reports (300 ms). */
  static final int VOLUME_TICKS = 30;

  private final AudioDeviceModule sendDeviceModule;
  private final PeerConnectionFactory sendFactory;
  private final ScheduledExecutorService clock;
  private final ExecutorService signal;
  private final Set<DeviceMedia> devices = ConcurrentHashMap.newKeySet();
  private final AtomicLong ticks = new AtomicLong();
  private volatile Thread signalThread;
  private volatile boolean closed;

  /** Creates the shared factory and starts the two engine threads. */
  public MediaEngine() {
    sendDeviceModule = new AudioDeviceModule(AudioLayer.kDummyAudio);
    sendFactory = new PeerConnectionFactory(sendDeviceModule);
    clock = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "callfarm-media-clock"));
    signal = Executors.newSingleThreadExecutor(r -> {
      Thread t = daemon(r, "callfarm-media-signal");
      signalThread = t;
      return t;
    });
    clock.scheduleAtFixedRate(this::tick, 10, 10, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  PeerConnectionFactory sendFactory() {
    return sendFactory;
  }

  /**
   * ICE set-up for every connection: no STUN/TURN servers, UDP only, and no adapter enumeration so sockets bind
   * the wildcard address; local host candidates are then re-addressed to 127.0.0.1 (see {@link IceCandidates}),
   * which keeps all media on loopback.
   */
  static RTCConfiguration rtcConfiguration() {
    RTCConfiguration config = new RTCConfiguration();
    config.iceServers = new java.util.ArrayList<>();
    config.portAllocatorConfig = new PortAllocatorConfig(0, 0,
        PortAllocatorConfig.PORTALLOCATOR_DISABLE_STUN
            | PortAllocatorConfig.PORTALLOCATOR_DISABLE_RELAY
            | PortAllocatorConfig.PORTALLOCATOR_DISABLE_TCP
            | PortAllocatorConfig.PORTALLOCATOR_DISABLE_ADAPTER_ENUMERATION);
    return config;
  }

  /** Throws if this engine is closed (devices can no longer be created on it). */
  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("media engine is closed: create a new MediaEngine");
    }
  }

  /** Adds a fully constructed device to the clock. */
  void register(DeviceMedia device) {
    devices.add(device);
  }

  void unregister(DeviceMedia device) {
    devices.remove(device);
  }

  /** Runs {@code task} on the signal thread; dropped (with a debug log) once the engine is closed. */
  void post(Runnable task) {
    try {
      signal.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          LOG.warn("media signal task failed", e);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("media engine closed; dropped a signal task");
    }
  }

  /** Runs {@code task} on the signal thread and waits for it (runs inline when already on it). */
  void runAndWait(Runnable task) {
    if (Thread.currentThread() == signalThread) {
      task.run();
      return;
    }
    try {
      signal.submit(task).get(30, TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the media signal thread", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("media task failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("media signal thread did not finish a task within 30 s", e);
    }
  }

  private void tick() {
    boolean volume = ticks.incrementAndGet() % VOLUME_TICKS == 0;
    for (DeviceMedia device : devices) {
      try {
        device.pushMicFrame();
        if (volume) {
          device.reportVolumes();
        }
      } catch (RuntimeException e) {
        LOG.warn("media clock tick failed for {}", device, e);
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (DeviceMedia device : List.copyOf(devices)) {
      device.close();
    }
    clock.shutdownNow();
    signal.shutdown();
    try {
      if (!clock.awaitTermination(5, TimeUnit.SECONDS) || !signal.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("media engine threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sendFactory.dispose();
    sendDeviceModule.dispose();
  }
}
