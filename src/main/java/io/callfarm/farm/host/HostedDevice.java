package io.callfarm.farm.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.call.EventLog;
import io.callfarm.engine.net.NetworkFabric;
import io.callfarm.farm.ActionResult;
import io.callfarm.farm.Device;
import io.callfarm.farm.FarmException;
import io.callfarm.farm.HeardAudio;
import io.callfarm.farm.MicSpec;
import io.callfarm.farm.SentAudio;
import io.callfarm.farm.VirtualDevice;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual device with media that runs in a {@link DeviceHost}: the orchestrator's side of it. Every action is a
 * request to the host (answered when the host's component took it); callbacks arrive as the host pushes them and are
 * kept in {@link #events()} on this JVM's clock; files are paths on the shared disk. UserSigs are signed here and
 * travel with the login, so the app key never leaves the orchestrator. Lost with its host: then {@link #lost()}
 * says why and every action throws {@link FarmException} with that reason.
 */
final class HostedDevice implements Device {
  /** Sets a user's network profile in every host (the sender's host routes media by both ends' profiles). */
  interface Network {
    void setProfile(String userId, NetworkFabric.Profile profile);
  }

  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(20);

  private final DeviceHost host;
  private final String id;
  private final VirtualDevice.Credentials credentials;
  private final Network network;
  private final EventLog log = new EventLog();
  private volatile String userId;

  HostedDevice(DeviceHost host, String id, VirtualDevice.Credentials credentials, Network network) {
    this.host = host;
    this.id = id;
    this.credentials = credentials;
    this.network = network;
  }

  /** A callback the host pushed, already on this JVM's clock. */
  void append(CallEvent event) {
    log.append(event);
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
    host.request(request("login").put("user", user).put("sdkAppId", credentials.sdkAppId())
        .put("userSig", credentials.userSig(user)), LOGIN_TIMEOUT);
    userId = user;
  }

  @Override
  public void logout() {
    host.request(request("logout"), LOGIN_TIMEOUT);
    userId = null;
  }

  @Override
  public ActionResult call(String user) {
    return act(request("call").put("user", user));
  }

  @Override
  public ActionResult groupCall(List<String> users, String groupId) {
    ObjectNode frame = request("groupCall");
    ArrayNode list = frame.putArray("users");
    users.forEach(list::add);
    if (groupId != null) {
      frame.put("groupId", groupId);
    }
    return act(frame);
  }

  @Override
  public ActionResult accept() {
    return act(request("accept"));
  }

  @Override
  public ActionResult reject() {
    return act(request("reject"));
  }

  @Override
  public ActionResult hangup() {
    return act(request("hangup"));
  }

  @Override
  public ActionResult setMicMute(boolean mute) {
    return act(request("mute").put("on", mute));
  }

  @Override
  public ActionResult setHandsFree(boolean handsFree) {
    return act(request("handsFree").put("on", handsFree));
  }

  @Override
  public EventLog events() {
    return log;
  }

  @Override
  public void setMic(MicSpec mic) {
    host.request(request("mic").put("spec", mic.toString()), ACTION_TIMEOUT);
  }

  @Override
  public void setNetwork(NetworkFabric.Profile profile) {
    if (userId == null) {
      throw new FarmException(id + ": log in before setting the network");
    }
    network.setProfile(userId, profile);
  }

  @Override
  public SentAudio sent() {
    return HostWire.sent(host.request(request("sent"), ACTION_TIMEOUT), host::toLocalNanos);
  }

  @Override
  public boolean awaitTalking(Duration within) {
    return host.request(request("talking").put("waitMs", within.toMillis()), within.plus(ACTION_TIMEOUT))
        .asBoolean();
  }

  @Override
  public HeardAudio heard(String user, Duration wait) {
    JsonNode answer = host.request(request("heard").put("user", user).put("waitMs", wait.toMillis()),
        wait.plus(ACTION_TIMEOUT));
    return HostWire.heard(answer, host::toLocalNanos);
  }

  @Override
  public Set<String> recordedFrom() {
    Set<String> users = new LinkedHashSet<>();
    host.request(request("recordedFrom"), ACTION_TIMEOUT).forEach(u -> users.add(u.asText()));
    return users;
  }

  @Override
  public Optional<byte[]> screenshot() {
    return Optional.empty();
  }

  @Override
  public Optional<String> lost() {
    return Optional.ofNullable(host.lost());
  }

  /** Closes the device in its host; a device lost with its host has nothing left to close. */
  @Override
  public void close() {
    try {
      if (host.lost() == null) {
        host.request(request("close"), ACTION_TIMEOUT);
      }
    } finally {
      host.forget(id);
      log.clear();
    }
  }

  private ActionResult act(ObjectNode frame) {
    return HostWire.action(host.request(frame, ACTION_TIMEOUT));
  }

  private ObjectNode request(String op) {
    return HostWire.request(op, id);
  }
}
