package io.callfarm.engine.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Owns what all devices of one JVM (or one test) share: the send-side {@link PeerConnectionFactory} on a
 * {@code kDummyAudio} device module (the only set-up where pushing PCM does not race a device thread), the
 * {@link PlayoutClock}, the microphone clock thread {@code callfarm-media-clock} that pushes every device's next
 * 10 ms at the pace the receive side really plays (so no jitter buffer has to time-stretch speech to absorb a
 * clock drift) and measures volumes every 300 ms, and the signal thread {@code callfarm-media-signal} on which
 * all signalling, peer-connection control and {@link MediaListener} callbacks run, and the receive stacks that
 * every device's incoming connections share ({@link ReceiveSides}). {@link #close()} closes every device still
 * open, then disposes the receive sides and the send factory and stops both threads; it must not be called from a
 * listener callback.
 *
 * <p>The microphone clock keeps absolute deadlines per device (a late frame does not shift later ones); see
 * {@link DeviceMedia#pushDueMicFrames} for what happens when the machine was starved.
 */
public final class MediaEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);
  /** Between two volume reports, ns (300 ms). */
  static final long VOLUME_NANOS = 300_000_000L;
  static final long FRAME_NANOS = 10_000_000L;
  /** Between two readings of the jitter buffers that have not settled yet, ns. */
  static final long SETTLING_NANOS = PlayoutSettling.POLL_MS * 1_000_000L;

  private final AudioDeviceModule sendDeviceModule;
  private final PeerConnectionFactory sendFactory;
  private final PlayoutClock playoutClock;
  private final MicLead micLead;
  private final MediaSettings settings;
  private final ReceiveSides receiveSides;
  private final Thread clock;
  private final ExecutorService signal;
  private final Set<DeviceMedia> devices = ConcurrentHashMap.newKeySet();
  private volatile Thread signalThread;
  private volatile boolean closed;

  /** How the microphones are paced. */
  public enum MicPacing {
    /** At the receivers' real playout rate ({@link PlayoutClock}): no drift for jitter buffers to absorb. */
    PLAYOUT,
    /**
     * At exactly 48 kHz of {@link System#nanoTime()}; the receive side here plays about 0.3 % slower, so NetEq
     * time-compresses speech every few seconds. Only for measuring that effect (the clean-call benchmark).
     */
    NOMINAL
  }

  /** An engine with {@link MediaSettings#defaults()}: microphones talk as soon as their first connection is up. */
  public MediaEngine() {
    this(MediaSettings.defaults());
  }

  /** The defaults with the given microphone warm-up (see {@link MediaSettings#micWarmUp()}). */
  public MediaEngine(Duration micWarmUp) {
    this(MediaSettings.defaults().withMicWarmUp(micWarmUp));
  }

  /** The defaults with the given microphone warm-up and pacing. */
  public MediaEngine(Duration micWarmUp, MicPacing pacing) {
    this(MediaSettings.defaults().withMicWarmUp(micWarmUp).withPacing(pacing));
  }

  /** Creates the shared send factory and starts the two engine threads; receive sides are created as needed. */
  public MediaEngine(MediaSettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
    this.playoutClock = new PlayoutClock(settings.pacing() == MicPacing.PLAYOUT);
    this.micLead = new MicLead(settings.pacing() == MicPacing.PLAYOUT);
    this.receiveSides = new ReceiveSides(settings.receiveSides());
    sendDeviceModule = new AudioDeviceModule(AudioLayer.kDummyAudio);
    sendFactory = new PeerConnectionFactory(sendDeviceModule);
    signal = Executors.newSingleThreadExecutor(r -> {
      Thread t = daemon(r, "callfarm-media-signal");
      signalThread = t;
      return t;
    });
    clock = daemon(this::runClock, "callfarm-media-clock");
    clock.setPriority(Thread.MAX_PRIORITY);
    clock.start();
  }

  /** How long microphones stay silent after their first connection is up. */
  Duration micWarmUp() {
    return settings.micWarmUp();
  }

  /** What this engine runs with. */
  public MediaSettings settings() {
    return settings;
  }

  /** The shared receive stacks; signal thread only. */
  ReceiveSides receiveSides() {
    return receiveSides;
  }

  /** The receive side's real playout rate, which paces every microphone. */
  PlayoutClock playoutClock() {
    return playoutClock;
  }

  /** How far each microphone runs ahead of its receivers, which trims its pace. */
  MicLead micLead() {
    return micLead;
  }

  /**
   * The microphone clock: each device's frames fall due at its own pace (its receivers' playout rate); the
   * thread sleeps until the earliest deadline, pushes what is due and reports volumes every 300 ms.
   */
  private void runClock() {
    long nextVolume = System.nanoTime() + VOLUME_NANOS;
    long nextSettling = System.nanoTime() + SETTLING_NANOS;
    while (!closed) {
      long now = System.nanoTime();
      long earliest = now + FRAME_NANOS;
      boolean volume = now >= nextVolume;
      boolean settling = now >= nextSettling;
      for (DeviceMedia device : devices) {
        try {
          earliest = Math.min(earliest, device.pushDueMicFrames(now));
          if (volume) {
            device.reportVolumes();
          }
          if (settling) {
            device.readPlayoutSettling();
          }
        } catch (RuntimeException | Error e) {
          LOG.warn("media clock tick failed for {}", device, e);
        }
      }
      if (volume) {
        nextVolume = Math.max(nextVolume + VOLUME_NANOS, now);
      }
      if (settling) {
        nextSettling = Math.max(nextSettling + SETTLING_NANOS, now);
      }
      long wait = Math.min(earliest, Math.min(nextVolume, nextSettling)) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
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

  /** Whether {@code userId}'s device runs on this engine (its playout can be read here). */
  boolean runsDeviceOf(String userId) {
    for (DeviceMedia device : devices) {
      if (device.localUserId().equals(userId)) {
        return true;
      }
    }
    return false;
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

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (DeviceMedia device : List.copyOf(devices)) {
      device.close();
    }
    runAndWait(receiveSides::close);
    signal.shutdown();
    try {
      clock.join(5_000);
      if (clock.isAlive() || !signal.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("media engine threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sendFactory.dispose();
    sendDeviceModule.dispose();
  }
}
