package io.callfarm.farm;

import io.callfarm.engine.Engine;
import io.callfarm.engine.call.AudioCallClient;
import io.callfarm.engine.call.CallMedia;
import io.callfarm.engine.call.ClientConfig;
import io.callfarm.engine.call.ClientRuntime;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.media.MediaCallRecord;
import io.callfarm.engine.media.MicSource;
import io.callfarm.engine.media.TappedMic;
import io.callfarm.engine.media.WebRtcCallMedia;
import io.callfarm.engine.net.NetworkFabric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A phone simulated in the JVM: the engine's own call component, with real WebRTC audio when the
 * farm has media (a tapped virtual microphone per call and a recorded speaker) and its network in
 * the farm's {@link NetworkFabric}.
 */
public final class VirtualDevice implements Device {
  private final String id;
  private final Engine engine;
  private final AudioCallClient client;
  private final EventLog log = new EventLog();
  private final WebRtcCallMedia media;
  private final NetworkFabric fabric;
  private volatile MicSpec mic = MicSpec.SILENCE;
  private volatile String userId;

  VirtualDevice(String id, Engine engine, ClientRuntime runtime, ClientConfig config,
      WebRtcCallMedia.Settings mediaSettings) {
    this.id = id;
    this.engine = engine;
    this.fabric = mediaSettings == null ? null : mediaSettings.fabric();
    this.media = mediaSettings == null ? null : new WebRtcCallMedia(mediaSettings, () -> userId);
    if (media != null) {
      media.setMic(() -> source(mic));
    }
    this.client = new AudioCallClient(config, runtime, media == null ? CallMedia.NONE : media);
    client.setDelegate(log);
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
    client.login(engine.sdkAppId(), user, engine.userSig(user, Duration.ofHours(2)))
        .get(15, TimeUnit.SECONDS);
    userId = user;
  }

  @Override
  public void logout() throws Exception {
    client.logout().get(15, TimeUnit.SECONDS);
    userId = null;
  }

  @Override
  public void call(String user) {
    client.call(user);
  }

  @Override
  public void groupCall(List<String> users, String groupId) {
    client.groupCall(users, groupId);
  }

  @Override
  public void accept() {
    client.accept();
  }

  @Override
  public void reject() {
    client.reject();
  }

  @Override
  public void hangup() {
    client.hangup();
  }

  @Override
  public void setMicMute(boolean mute) {
    client.setMicMute(mute);
  }

  @Override
  public void setHandsFree(boolean handsFree) {
    client.setHandsFree(handsFree);
  }

  @Override
  public void createGroup(String groupId, List<String> members) throws Exception {
    client.createGroup(groupId, members).get(15, TimeUnit.SECONDS);
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
    fabric.setProfile(mediaUserId(), profile);
  }

  @Override
  public boolean healthy() {
    return true;
  }

  /** The media of this device's calls so far (empty without media). */
  public List<MediaCallRecord> mediaCalls() {
    return media == null ? List.of() : media.calls();
  }

  /** The tapped microphones, one per call, in the order of {@link #mediaCalls()}. */
  public List<TappedMic> mics() {
    return media == null ? List.of() : media.mics();
  }

  public boolean hasMedia() {
    return media != null;
  }

  private String mediaUserId() {
    if (userId == null) {
      throw new FarmException(id + ": log in before setting the network");
    }
    return userId;
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
