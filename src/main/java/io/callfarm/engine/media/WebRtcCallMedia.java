package io.callfarm.engine.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.net.NetworkFabric;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Real audio for one call component: a {@link DeviceMedia} per call, created when the component
 * enters a room and closed when it leaves, with the device's microphone, hands-free and mute state,
 * its network profile (through the {@link NetworkFabric}) and stats sampled while the call lasts.
 * {@link CallMedia} methods run on the component's event thread; the getters are thread-safe.
 */
public final class WebRtcCallMedia implements CallMedia {
  /**
   * What all devices of a farm share.
   *
   * @param fabric the emulated network, or null for direct loopback paths
   * @param recordingRoot where recordings go ({@code <root>/<user>/room-<id>-<n>/}), or null for none
   * @param sampler runs the periodic stats sampling (not owned)
   * @param statsInterval how often stats are sampled during a call
   */
  public record Settings(MediaEngine engine, NetworkFabric fabric, Path recordingRoot,
      ScheduledExecutorService sampler, Duration statsInterval) {}

  private final Settings settings;
  private final Supplier<String> userIds;
  private String userId;
  private final List<MediaCallRecord> calls = new CopyOnWriteArrayList<>();
  private final List<TappedMic> mics = new CopyOnWriteArrayList<>();
  private volatile Supplier<MicSource> mic = MicSource::silence;
  private volatile BiConsumer<String, Long> firstAudio = (user, nanos) -> { };
  private volatile boolean micMuted;
  private volatile boolean handsFree = true;
  private volatile DeviceMedia current;
  private static final long TALKING_POLL_NANOS = 20_000_000L;
  private int roomId;
  private final Set<String> remotes = new LinkedHashSet<>();
  private final List<MediaCallRecord.StatsSample> samples = new CopyOnWriteArrayList<>();
  private ScheduledFuture<?> sampling;

  /** @param userIds the local user id, read when a call starts (the component is logged in by then) */
  public WebRtcCallMedia(Settings settings, Supplier<String> userIds) {
    this.settings = settings;
    this.userIds = userIds;
  }

  /**
   * What the microphone plays from the next call on (a fresh source per call); every call's microphone is
   * tapped into {@code <user>-mic.wav} beside the call's recordings (see {@link #mics()}).
   */
  public void setMic(Supplier<MicSource> source) {
    this.mic = source;
  }

  /**
   * Told (remote user, {@link System#nanoTime()}) when the first audible frame of a remote arrives
   * in a call; runs on the media engine's signal thread and must return quickly.
   */
  public void onFirstAudio(BiConsumer<String, Long> listener) {
    this.firstAudio = listener;
  }

  /** The tapped microphone of every call, oldest first (the current call's last). */
  public List<TappedMic> mics() {
    return List.copyOf(mics);
  }

  /**
   * Waits, at most {@code within}, until this device is in a call and its microphone plays its source there (it is
   * silent through its warm-up, whose length depends on the receivers, see {@link DeviceMedia}); false if not by
   * then.
   */
  public boolean awaitTalking(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (current == null) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(TALKING_POLL_NANOS);
    }
    TappedMic tap = mics.get(mics.size() - 1); // added before the call's media became current
    return tap.awaitFirstFrame(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /** The calls this device's media took part in, oldest first. */
  public List<MediaCallRecord> calls() {
    return List.copyOf(calls);
  }

  /** Stats of the call in progress, per remote; empty when not in a call. */
  public Map<String, LinkStats> currentStats() {
    DeviceMedia media = current;
    return media == null ? Map.of() : media.stats();
  }

  @Override
  public void roomEntered(int newRoomId, BiConsumer<String, ObjectNode> sendSignal, Events events) {
    roomId = newRoomId;
    userId = userIds.get();
    remotes.clear();
    samples.clear();
    Path dir = settings.recordingRoot() == null ? null
        : settings.recordingRoot().resolve(userId).resolve("room-" + newRoomId + "-" + calls.size());
    CandidateRewriter rewriter = settings.fabric() == null ? CandidateRewriter.IDENTITY
        : CandidateRewriter.through(settings.fabric(), userId);
    TappedMic tap = new TappedMic(mic.get(), dir == null ? null : dir.resolve(userId + "-mic.wav"));
    mics.add(tap);
    DeviceMedia media = new DeviceMedia(settings.engine(), userId, sendSignal::accept, tap, dir,
        new MediaListener() {
          @Override
          public void onUserAudioAvailable(String uid, boolean available) {
            events.audioAvailable(uid, available);
          }

          @Override
          public void onUserVoiceVolume(String uid, int volume) {
            events.voiceVolume(uid, volume);
          }

          @Override
          public void onFirstAudio(String uid) {
            firstAudio.accept(uid, System.nanoTime());
          }
        }, rewriter);
    media.setMicMute(micMuted);
    media.setHandsFree(handsFree);
    current = media;
    long period = settings.statsInterval().toMillis();
    sampling = settings.sampler().scheduleWithFixedDelay(() -> sample(media), period, period,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void remoteEntered(String remoteUserId) {
    DeviceMedia media = current;
    if (media != null && remotes.add(remoteUserId)) {
      media.connect(remoteUserId);
    }
  }

  @Override
  public void remoteLeft(String remoteUserId) {
    DeviceMedia media = current;
    if (media != null && remotes.contains(remoteUserId)) {
      media.disconnect(remoteUserId);
    }
  }

  @Override
  public void signal(String fromUserId, JsonNode payload) {
    DeviceMedia media = current;
    if (media != null) {
      media.onSignal(fromUserId, payload);
    }
  }

  @Override
  public void roomLeft() {
    DeviceMedia media = current;
    if (media == null) {
      return;
    }
    sampling.cancel(false);
    sample(media);
    current = null;
    media.close();
    Map<String, Path> recordings = new LinkedHashMap<>();
    for (String remote : remotes) {
      Path file = media.recordingFrom(remote);
      if (file != null) {
        recordings.put(remote, file);
      }
    }
    if (settings.fabric() != null) {
      settings.fabric().releaseFrom(userId);
    }
    calls.add(new MediaCallRecord(roomId, media.recordingEpochNanos(), recordings,
        media.mixedRecording(), new ArrayList<>(samples)));
  }

  @Override
  public void setMicMute(boolean mute) {
    micMuted = mute;
    DeviceMedia media = current;
    if (media != null) {
      media.setMicMute(mute);
    }
  }

  @Override
  public void setHandsFree(boolean on) {
    handsFree = on;
    DeviceMedia media = current;
    if (media != null) {
      media.setHandsFree(on);
    }
  }

  private void sample(DeviceMedia media) {
    try {
      Map<String, LinkStats> stats = media.stats();
      if (!stats.isEmpty()) {
        samples.add(new MediaCallRecord.StatsSample(System.nanoTime(), stats));
      }
    } catch (RuntimeException e) {
      System.err.println("callfarm-media: stats of " + userId + " failed: " + e.getMessage());
    }
  }
}
