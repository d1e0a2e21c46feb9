package io.callfarm.farm;

import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.call.Flavour;
import io.callfarm.engine.media.MediaCallRecord;
import io.callfarm.engine.media.MicSource;
import io.callfarm.engine.media.TappedMic;
import io.callfarm.engine.media.WebRtcCallMedia;
import io.callfarm.engine.net.NetworkFabric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A phone simulated in a JVM: the engine's own call component, with real WebRTC audio when it has media (a tapped
 * virtual microphone per call and a recorded speaker) and its network in the {@link NetworkFabric}. Without media
 * it runs in the orchestrating JVM; with media (native code) inside a device host ({@code io.callfarm.farm.host}),
 * which drives it through this same class.
 */
public final class VirtualDevice implements Device {
  /** Where a device's UserSigs come from (the engine's app key, which never leaves the orchestrator). */
  public interface Credentials {
    long sdkAppId();

    String userSig(String userId) throws Exception;
  }

  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(15);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final String id;
  private final Credentials credentials;
  private final AudioCallClient client;
  private final EventLog log = new EventLog();
  private final WebRtcCallMedia media;
  private final NetworkFabric fabric;
  private volatile MicSpec mic = MicSpec.SILENCE;
  private volatile String userId;

  /** A device of the reference flavour ({@link Flavour#IOS_V4}). */
  public VirtualDevice(String id, Credentials credentials, ClientRuntime runtime, ClientConfig config,
      WebRtcCallMedia.Settings mediaSettings) {
    this(id, credentials, runtime, config, mediaSettings, Flavour.IOS_V4);
  }

  /**
   * @param credentials signs logins, or null when every login brings its UserSig ({@link #login(String, long, String)})
   * @param mediaSettings the media every device of this JVM shares, or null for a signalling-only device
   * @param flavour the component's platform and generation; {@link #events()} carries its callback names
   */
  public VirtualDevice(String id, Credentials credentials, ClientRuntime runtime, ClientConfig config,
      WebRtcCallMedia.Settings mediaSettings, Flavour flavour) {
    this.id = id;
    this.credentials = credentials;
    this.fabric = mediaSettings == null ? null : mediaSettings.fabric();
    this.media = mediaSettings == null ? null : new WebRtcCallMedia(mediaSettings, () -> userId);
    if (media != null) {
      media.setMic(() -> source(mic));
    }
    this.client = new AudioCallClient(config, runtime, media == null ? CallMedia.NONE : media, flavour);
    client.setListener(log); // every callback under the flavour's own names (TUICallKit's included)
    client.setup();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String kind() {
    return "virtual";
  }

  @Override
  public String userId() {
    return userId;
  }

  @Override
  public void login(String user) throws Exception {
    if (credentials == null) {
      throw new FarmException(id + ": this device's logins bring their UserSig (it runs in a device host)");
    }
    login(user, credentials.sdkAppId(), credentials.userSig(user));
  }

  /** Logs in with a UserSig signed elsewhere (by the orchestrator, for a device in a host). */
  public void login(String user, long sdkAppId, String userSig) throws Exception {
    client.login(sdkAppId, user, userSig).get(LOGIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    userId = user;
  }

  @Override
  public void logout() throws Exception {
    client.logout().get(LOGIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    userId = null;
  }

  @Override
  public ActionResult call(String user) {
    client.call(user);
    return ActionResult.DONE;
  }

  @Override
  public ActionResult groupCall(List<String> users, String groupId) {
    client.groupCall(users, groupId);
    return ActionResult.DONE;
  }

  @Override
  public ActionResult accept() {
    client.accept();
    return ActionResult.DONE;
  }

  @Override
  public ActionResult reject() {
    client.reject();
    return ActionResult.DONE;
  }

  @Override
  public ActionResult hangup() {
    client.hangup();
    return ActionResult.DONE;
  }

  @Override
  public ActionResult setMicMute(boolean mute) {
    client.setMicMute(mute);
    return ActionResult.DONE;
  }

  @Override
  public ActionResult setHandsFree(boolean handsFree) {
    client.setHandsFree(handsFree);
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
    if (fabric == null) {
      throw new FarmException(id + ": this farm runs without media, so there is no network to impair");
    }
    if (userId == null) {
      throw new FarmException(id + ": log in before setting the network");
    }
    fabric.setProfile(userId, profile);
  }

  @Override
  public boolean awaitTalking(Duration within) {
    if (media == null) {
      throw new FarmException(noMedia());
    }
    return media.awaitTalking(within);
  }

  /** The tap of the last call whose microphone sent audio: exact samples, timed on this JVM's clock. */
  @Override
  public SentAudio sent() {
    List<TappedMic> mics = media == null ? List.of() : media.mics();
    for (int i = mics.size() - 1; i >= 0; i--) {
      TappedMic tap = mics.get(i);
      if (tap.firstFrameNanos() >= 0) {
        tap.flush();
        return new SentAudio(tap.file(), OptionalLong.of(tap.firstFrameNanos()), tap.samplesPerSecond());
      }
    }
    throw new FarmException(media == null ? noMedia() : id + "'s microphone never sent audio");
  }

  @Override
  public HeardAudio heard(String remoteUser, Duration wait) {
    if (media == null) {
      throw new FarmException(noMedia());
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (media.calls().isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(POLL_NANOS); // the media closes on the component's thread when it leaves the room
    }
    List<MediaCallRecord> calls = media.calls();
    if (calls.isEmpty()) {
      throw new FarmException(id + " has no finished call with audio yet (put the audio check after the call "
          + "ended at this device)");
    }
    MediaCallRecord call = calls.get(calls.size() - 1);
    Path recording = call.recordings().get(remoteUser);
    if (recording == null) {
      throw new FarmException(id + " recorded nothing from " + remoteUser + " in its last call (recorded: "
          + call.recordings().keySet() + ")");
    }
    return new HeardAudio(remoteUser, recording, OptionalLong.of(call.recordingEpochNanos()),
        Optional.ofNullable(call.lastStats(remoteUser)));
  }

  @Override
  public Set<String> recordedFrom() {
    List<MediaCallRecord> calls = media == null ? List.of() : media.calls();
    return calls.isEmpty() ? Set.of() : Set.copyOf(calls.get(calls.size() - 1).recordings().keySet());
  }

  @Override
  public Optional<byte[]> screenshot() {
    return Optional.empty();
  }

  /** Never: the component lives as long as this object. */
  @Override
  public Optional<String> lost() {
    return Optional.empty();
  }

  private String noMedia() {
    return id + " carries no audio: audio checks need the scenario's devices to carry audio (media: true)";
  }

  private static MicSource source(MicSpec spec) {
    return switch (spec.kind()) {
      case "tone" -> MicSource.tone(spec.frequencyHz(), spec.levelDbov());
      case "chirp" -> MicSource.chirp(300, 3400, 2.0, -20);
      case "wav" -> {
        try {
          yield MicSource.wav(spec.file(), true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      default -> MicSource.silence();
    };
  }

  @Override
  public void close() {
    client.destroy();
    log.clear();
  }
}
