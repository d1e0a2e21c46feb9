package io.callfarm.engine.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.auth.UserIds;
import io.callfarm.engine.signal.ErrorCode;
import io.callfarm.engine.signal.Frame;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio-call component over the signalling server: the legacy v4 protocol and every rule of
 * DESIGN §1 (per-invitee timers, line busy, cancel, reject fan-out, auto call end, hangup variants,
 * invitee-list update, stale-message drop, version/type filter, offline answering).
 *
 * <p>All state lives on one serial event thread ({@link ClientRuntime}); API calls post to it and
 * return at once; delegate callbacks run on it. Timers are scheduled on the runtime's timer thread
 * and hop back onto the event thread.
 *
 * <p>Connection loss (the server restarted, the network dropped, a heartbeat timeout): like the IM
 * SDK, the component reconnects and logs in again by itself with the same UserSig, waiting
 * {@link ClientConfig#reconnectBackoff()} first and doubling the wait (±25 % jitter) up to
 * {@link ClientConfig#reconnectMaxBackoff()} after each failed attempt, until it is back, the
 * server refuses the UserSig (reported with its code, then it stays logged out), or it is logged
 * out or destroyed. A call in progress when the connection drops ends locally: {@code onError(60010,
 * ...)} then {@code onCallEnd()}. A kicked session (6208) does not reconnect.
 */
public final class AudioCallClient implements AudioCall {
  private static final SecureRandom ROOM_IDS = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(AudioCallClient.class);

  private final ClientConfig config;
  private final ClientRuntime runtime;
  private final SerialExecutor events;
  private final CallMedia media;
  private volatile AudioCallDelegate delegate = new AudioCallDelegate() {};

  private SignalChannel channel;
  private ScheduledFuture<?> heartbeat;
  private String me;
  private boolean loggedIn;
  private boolean destroyed;
  private long sdkAppId;
  private String userSig;
  private boolean reconnecting;
  private ScheduledFuture<?> reconnectTimer;
  private long backoffMillis;
  private final MessageIds seen = new MessageIds();
  private volatile RoomKeys roomKeys;
  private final CallState call = new CallState();
  private final CallMedia.Events mediaEvents = new CallMedia.Events() {
    @Override
    public void audioAvailable(String userId, boolean available) {
      run(() -> {
        if (call.roomRemotes.contains(userId)) {
          delegate.onUserAudioAvailable(userId, available);
        }
      });
    }

    @Override
    public void voiceVolume(String userId, int volume) {
      run(() -> {
        if (call.roomRemotes.contains(userId)) {
          delegate.onUserVoiceVolume(userId, volume);
        }
      });
    }
  };

  /**
   * @param media where the call's audio attaches ({@link CallMedia#NONE} for signalling only)
   */
  public AudioCallClient(ClientConfig config, ClientRuntime runtime, CallMedia media) {
    this.config = config;
    this.runtime = runtime;
    this.events = runtime.newEventThread();
    this.media = media;
  }

  /** The logged-in user id, or null. */
  public String userId() {
    return me;
  }

  /** Where {@code room.enter} gets its privateMapKey when the engine requires room permission. */
  @FunctionalInterface
  public interface RoomKeys {
    /** The key the app backend issued for {@code userId} in {@code roomId}. */
    String privateMapKey(String userId, int roomId);
  }

  /** Sets the source of privateMapKeys (null: none, for engines without room permission). */
  public void setRoomKeys(RoomKeys keys) {
    this.roomKeys = keys;
  }

  /**
   * Whether the component is logged in right now (false while it reconnects). Completes on the
   * event thread, after every API call posted before it.
   */
  public CompletableFuture<Boolean> isLoggedIn() {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    run(() -> answer.complete(loggedIn));
    return answer;
  }

  @Override
  public void setup() {
    run(() -> destroyed = false);
  }

  @Override
  public void destroy() {
    // bounded: a dead server or a stopped runtime must not hang whoever tears devices down
    logout().orTimeout(config.requestTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)
        .exceptionally(e -> null).join();
    run(() -> {
      destroyed = true;
      stopReconnecting();
      if (channel != null) {
        channel.close();
        channel = null;
      }
    });
  }

  @Override
  public void setDelegate(AudioCallDelegate newDelegate) {
    this.delegate = newDelegate == null ? new AudioCallDelegate() {} : newDelegate;
  }

  @Override
  public CompletableFuture<Void> login(long sdkAppId, String userId, String userSig) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(() -> {
      if (destroyed) {
        done.completeExceptionally(new CallException(ErrorCode.INVALID_FIELD.code(),
            "the component was destroyed"));
        return;
      }
      if (loggedIn || reconnecting) {
        done.completeExceptionally(new CallException(ErrorCode.INVALID_FIELD.code(),
            "already logged in as '" + me + "'; log out first"));
        return;
      }
      loginOnce(sdkAppId, userId, userSig).whenComplete((ok, failure) -> {
        if (failure != null) {
          done.completeExceptionally(unwrap(failure));
        } else {
          done.complete(null);
        }
      });
    });
    return done;
  }

  /** Connects when needed and logs in; on success the session runs (heartbeat, credentials kept). */
  private CompletableFuture<Void> loginOnce(long app, String userId, String sig) {
    return connected().thenCompose(ch -> ch.request(Frame.JSON.createObjectNode().put("op", "login")
            .put("sdkAppId", app).put("userId", userId).put("userSig", sig)))
        .thenAccept(ack -> {
          me = userId;
          sdkAppId = app;
          userSig = sig;
          loggedIn = true;
          long period = config.heartbeatInterval().toMillis();
          heartbeat = runtime.timers().scheduleAtFixedRate(this::ping, period, period,
              TimeUnit.MILLISECONDS);
        });
  }

  @Override
  public CompletableFuture<Void> logout() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(() -> {
      if (reconnecting) {
        stopReconnecting();
      }
      if (!loggedIn) {
        done.complete(null);
        return;
      }
      hangupNow();
      stopHeartbeat();
      loggedIn = false;
      channel.request(Frame.JSON.createObjectNode().put("op", "logout"))
          .whenComplete((ack, failure) -> {
            channel.close();
            channel = null;
            if (failure != null) {
              done.completeExceptionally(unwrap(failure));
            } else {
              done.complete(null);
            }
          });
    });
    return done;
  }

  @Override
  public void call(String userId) {
    groupCall(List.of(userId), null);
  }

  @Override
  public void groupCall(List<String> userIds, String groupId) {
    List<String> requested = List.copyOf(userIds);
    run(() -> startOrExtendCall(requested, groupId));
  }

  @Override
  public void accept() {
    run(() -> {
      if (!call.active || !call.awaitingAnswer) {
        error(ErrorCode.INVALID_FIELD.code(), "accept: there is no invitation to accept");
        return;
      }
      call.awaitingAnswer = false;
      cancel(call.ownTimer);
      enterRoom();
    });
  }

  @Override
  public void reject() {
    run(() -> {
      if (!call.active || !call.awaitingAnswer) {
        error(ErrorCode.INVALID_FIELD.code(), "reject: there is no invitation to reject");
        return;
      }
      rejectNow();
    });
  }

  @Override
  public void hangup() {
    run(this::hangupNow);
  }

  @Override
  public void setMicMute(boolean mute) {
    run(() -> media.setMicMute(mute));
  }

  @Override
  public void setHandsFree(boolean handsFree) {
    run(() -> media.setHandsFree(handsFree));
  }

  /**
   * Creates an IM group with the logged-in user as owner and member (the IM SDK's job in the product;
   * group calls signal through it). Fails with code 10021 when it exists.
   */
  public CompletableFuture<Void> createGroup(String groupId, List<String> members) {
    ObjectNode frame = Frame.JSON.createObjectNode().put("op", "group.create").put("groupId", groupId);
    members.forEach(frame.putArray("members")::add);
    return requestOnEvents(frame).thenApply(ack -> null);
  }

  /**
   * Joins a group the owner invited this user to (the user's consent; the server refuses 10007
   * when there is no invitation). Completes when the server confirmed.
   */
  public CompletableFuture<Void> joinGroup(String groupId) {
    return requestOnEvents(Frame.JSON.createObjectNode().put("op", "group.join")
        .put("groupId", groupId)).thenApply(ack -> null);
  }

  /** Which of {@code userIds} are logged in right now. */
  public CompletableFuture<java.util.Map<String, Boolean>> presence(List<String> userIds) {
    ObjectNode frame = Frame.JSON.createObjectNode().put("op", "presence");
    userIds.forEach(frame.putArray("users")::add);
    return requestOnEvents(frame).thenApply(ack -> {
      java.util.Map<String, Boolean> online = new java.util.LinkedHashMap<>();
      ack.node().path("online").fields()
          .forEachRemaining(e -> online.put(e.getKey(), e.getValue().asBoolean()));
      return online;
    });
  }

  private CompletableFuture<Frame> requestOnEvents(ObjectNode frame) {
    CompletableFuture<Frame> done = new CompletableFuture<>();
    run(() -> request(frame).whenComplete((ack, failure) -> {
      if (failure != null) {
        done.completeExceptionally(unwrap(failure));
      } else {
        done.complete(ack);
      }
    }));
    return done;
  }

  // ---- actions, on the event thread ----

  private void startOrExtendCall(List<String> userIds, String groupId) {
    if (reconnecting) {
      error(SignalChannel.CONNECTION_LOST, "call: not connected to the signalling server "
          + "(reconnecting)");
      return;
    }
    if (!loggedIn) {
      error(ErrorCode.NOT_LOGGED_IN.code(), "call: log in first");
      return;
    }
    for (String user : userIds) {
      if (!UserIds.isValid(user)) {
        error(ErrorCode.INVALID_FIELD.code(), "call: invalid user id '" + user + "'");
        return;
      }
    }
    if (groupId != null && !UserIds.isValid(groupId)) {
      error(ErrorCode.INVALID_FIELD.code(), "call: invalid group id '" + groupId + "'");
      return;
    }
    if (call.active && call.awaitingAnswer) {
      error(ErrorCode.INVALID_FIELD.code(), "call: an invitation is ringing; accept or reject it first");
      return;
    }
    if (call.active && !java.util.Objects.equals(groupId, call.groupId)) {
      error(ErrorCode.INVALID_FIELD.code(), "call: the current call uses group '" + call.groupId
          + "', not '" + groupId + "'");
      return;
    }
    List<String> fresh = new ArrayList<>();
    for (String user : new LinkedHashSet<>(userIds)) {
      if (!user.equals(me) && !call.inviting.contains(user) && !call.roomRemotes.contains(user)) {
        fresh.add(user);
      }
    }
    if (fresh.isEmpty()) {
      error(ErrorCode.INVALID_FIELD.code(), "call: nobody new to invite in " + userIds);
      return;
    }
    boolean newCall = !call.active;
    if (newCall) {
      call.begin(UUID.randomUUID().toString(), 1 + ROOM_IDS.nextInt(Integer.MAX_VALUE - 1),
          groupId, me, true);
    }
    for (String user : fresh) {
      call.inviting.add(user);
      startInviteeTimer(user, config.invitationTimeout().toMillis());
    }
    if (groupId != null) {
      sendGroup(CallAction.DIALING, fresh);
    } else {
      List<String> invitedList = List.copyOf(call.inviting);
      fresh.forEach(user -> sendC2c(user, CallAction.DIALING, invitedList));
    }
    if (newCall) {
      enterRoom();
    }
  }

  private void rejectNow() {
    CallAction reject = CallAction.REJECT;
    if (call.groupId != null) {
      sendGroup(reject, List.of(me));
    } else {
      sendC2c(call.sponsor, reject, List.of(me));
    }
    endLocally();
  }

  private void hangupNow() {
    if (!call.active) {
      return;
    }
    if (call.awaitingAnswer) {
      rejectNow();
      return;
    }
    if (!call.inviting.isEmpty()) {
      List<String> pending = List.copyOf(call.inviting);
      if (call.groupId == null) {
        if (call.isSponsor || call.roomRemotes.isEmpty()) {
          pending.forEach(user -> sendC2c(user, CallAction.SPONSOR_CANCEL, List.of(user)));
        }
      } else if (call.roomRemotes.isEmpty()) {
        sendGroup(CallAction.SPONSOR_CANCEL, pending);
      }
    }
    endLocally();
  }

  private void enterRoom() {
    String callId = call.callId;
    int roomId = call.roomId;
    ObjectNode enter = Frame.JSON.createObjectNode().put("op", "room.enter").put("roomId", roomId);
    RoomKeys keys = roomKeys;
    if (keys != null) {
      enter.put("privateMapKey", keys.privateMapKey(me, roomId));
    }
    request(enter)
        .whenComplete((ack, failure) -> {
          if (!call.active || !callId.equals(call.callId)) {
            if (failure == null) {
              channel.send(Frame.JSON.createObjectNode().put("op", "room.leave").put("roomId", roomId));
            }
            return;
          }
          if (failure != null) {
            CallException e = unwrap(failure);
            error(e.code(), "entering room " + roomId + " failed: " + e.getMessage());
            endLocally();
            return;
          }
          call.inRoom = true;
          media.roomEntered(roomId, (to, payload) -> run(() -> sendMedia(to, payload)),
              mediaEvents);
          for (JsonNode member : ack.node().path("members")) {
            remoteEntered(member.asText());
          }
          if (call.isSponsor) {
            autoEndCheck(); // everyone may have answered before the room was ours
          }
        });
  }

  // ---- incoming frames, on the event thread ----

  private void onPush(Frame frame) {
    switch (frame.op()) {
      case "msg" -> onMessage(frame);
      case "room.event" -> onRoomEvent(frame);
      case "media" -> {
        if (call.inRoom && frame.node().path("roomId").asInt() == call.roomId) {
          media.signal(frame.node().path("from").asText(), frame.node().path("data"));
        }
      }
      case "kicked" -> {
        error(frame.node().path("code").asInt(ErrorCode.KICKED_OFFLINE.code()),
            frame.node().path("message").asText("logged in elsewhere"));
        loseSession();
      }
      case "error" -> {
        if (isStaleMediaRefusal(frame)) {
          LOG.debug("'{}': media for a user who already left: {}", me, frame.node().path("message"));
        } else {
          error(frame.node().path("code").asInt(), frame.node().path("message").asText());
        }
      }
      default -> { }
    }
  }

  /**
   * Media (SDP/ICE) goes without an id; the server refuses one that arrives after its recipient
   * left the room (10007). That race is part of every hangup and no error of the call.
   */
  private static boolean isStaleMediaRefusal(Frame frame) {
    return "media".equals(frame.node().path("ref").asText())
        && frame.node().path("code").asInt() == ErrorCode.NO_PERMISSION.code();
  }

  private void onMessage(Frame frame) {
    Optional<CallMessage> parsed = CallMessage.parse(frame.node().path("data"));
    if (parsed.isEmpty()) {
      return;
    }
    CallMessage m = parsed.get();
    if (m.version() != CallMessage.VERSION || m.callType() != CallMessage.AUDIO) {
      return;
    }
    long age = Math.max(0, System.currentTimeMillis() - frame.node().path("time").asLong());
    long remaining = config.invitationTimeout().toMillis() - age;
    if (remaining <= 0) {
      return;
    }
    String from = frame.node().path("from").asText();
    boolean current = call.active && m.callId().equals(call.callId);
    switch (m.action()) {
      case DIALING -> onDialing(m, from, remaining);
      case SPONSOR_CANCEL -> {
        if (current && (call.awaitingAnswer || (call.inRoom && call.roomRemotes.isEmpty()))) {
          endLocally();
          delegate.onCallingCancel();
        }
      }
      case REJECT -> {
        if (current && removeInvitee(from)) {
          delegate.onReject(from);
          autoEndCheck();
        }
      }
      case SPONSOR_TIMEOUT -> {
        if (current && call.awaitingAnswer && m.invitedList().contains(me)) {
          endLocally();
          delegate.onCallingTimeOut();
        }
      }
      case LINE_BUSY -> {
        if (current && removeInvitee(from)) {
          delegate.onLineBusy(from);
          autoEndCheck();
        }
      }
      default -> { }
    }
  }

  private void onDialing(CallMessage m, String from, long remainingMillis) {
    if (!m.invitedList().contains(me)) {
      if (call.active && m.callId().equals(call.callId)) {
        boolean changed = false;
        for (String user : m.invitedList()) {
          if (!user.equals(me) && !call.roomRemotes.contains(user) && call.inviting.add(user)) {
            startInviteeTimer(user, remainingMillis);
            changed = true;
          }
        }
        if (changed) {
          delegate.onGroupCallInviteeListUpdate(List.copyOf(call.inviting));
        }
      }
      return;
    }
    if (call.active) {
      if (!m.callId().equals(call.callId)) {
        CallMessage busy = CallMessage.of(m.callId(), m.roomId(), m.groupId(), CallAction.LINE_BUSY,
            List.of(me));
        if (m.groupId() != null) {
          sendRaw(Frame.JSON.createObjectNode().put("op", "group.send").put("groupId", m.groupId()),
              busy);
        } else {
          sendRaw(Frame.JSON.createObjectNode().put("op", "c2c").put("to", from), busy);
        }
      }
      return;
    }
    call.begin(m.callId(), m.roomId(), m.groupId(), from, false);
    call.awaitingAnswer = true;
    List<String> others = new ArrayList<>();
    for (String user : m.invitedList()) {
      if (!user.equals(me)) {
        others.add(user);
        call.inviting.add(user);
        startInviteeTimer(user, remainingMillis);
      }
    }
    String callId = m.callId();
    call.ownTimer = runtime.timers().schedule(() -> run(() -> {
      if (call.active && call.awaitingAnswer && callId.equals(call.callId)) {
        endLocally();
        delegate.onCallingTimeOut();
      }
    }), remainingMillis, TimeUnit.MILLISECONDS);
    delegate.onInvited(from, others, m.groupId() != null);
  }

  private void onRoomEvent(Frame frame) {
    if (!call.inRoom || frame.node().path("roomId").asInt() != call.roomId) {
      return;
    }
    String user = frame.node().path("userId").asText();
    if ("enter".equals(frame.node().path("event").asText())) {
      remoteEntered(user);
    } else if (call.roomRemotes.remove(user)) {
      media.remoteLeft(user);
      delegate.onUserLeave(user);
      autoEndCheck();
    }
  }

  private void remoteEntered(String user) {
    if (!call.roomRemotes.add(user)) {
      return;
    }
    removeInvitee(user);
    media.remoteEntered(user);
    delegate.onUserEnter(user);
  }

  // ---- rules ----

  private void startInviteeTimer(String user, long delayMillis) {
    String callId = call.callId;
    cancel(call.timers.remove(user));
    call.timers.put(user, runtime.timers().schedule(() -> run(() -> {
      if (!call.active || !callId.equals(call.callId) || !call.inviting.contains(user)) {
        return;
      }
      removeInvitee(user);
      if (call.awaitingAnswer) {
        return; // a ringing callee cannot see who answered; only its own timeout concerns it
      }
      if (call.isSponsor && call.groupId == null) {
        sendC2c(user, CallAction.SPONSOR_TIMEOUT, List.of(user));
      }
      delegate.onNoResp(user);
      autoEndCheck();
    }), delayMillis, TimeUnit.MILLISECONDS));
  }

  private boolean removeInvitee(String user) {
    cancel(call.timers.remove(user));
    return call.inviting.remove(user);
  }

  /** In the room, alone, nobody still invited: the call is over. */
  private void autoEndCheck() {
    if (call.active && call.inRoom && call.roomRemotes.isEmpty() && call.inviting.isEmpty()) {
      endLocally();
      delegate.onCallEnd();
    }
  }

  /** Leaves the room (if in it) and forgets the call, without sending anything else. */
  private void endLocally() {
    if (call.inRoom && channel != null) {
      channel.send(Frame.JSON.createObjectNode().put("op", "room.leave").put("roomId", call.roomId));
      media.roomLeft();
    }
    cancel(call.ownTimer);
    call.timers.values().forEach(AudioCallClient::cancel);
    call.clear();
  }

  private void loseSession() {
    if (call.inRoom) {
      media.roomLeft();
    }
    cancel(call.ownTimer);
    call.timers.values().forEach(AudioCallClient::cancel);
    call.clear();
    stopHeartbeat();
    loggedIn = false;
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  // ---- sending ----

  private void sendC2c(String to, CallAction action, List<String> invited) {
    sendRaw(Frame.JSON.createObjectNode().put("op", "c2c").put("to", to),
        CallMessage.of(call.callId, call.roomId, null, action, invited));
  }

  private void sendGroup(CallAction action, List<String> invited) {
    sendRaw(Frame.JSON.createObjectNode().put("op", "group.send").put("groupId", call.groupId),
        CallMessage.of(call.callId, call.roomId, call.groupId, action, invited));
  }

  private void sendRaw(ObjectNode envelope, CallMessage message) {
    envelope.set("data", message.toJson());
    if (message.action() == CallAction.DIALING) {
      envelope.putObject("push").put("title", me + " is calling you").put("sound", "ring.mp3")
          .put("payload", message.toJson().toString());
    }
    request(envelope).whenComplete((ack, failure) -> {
      if (failure != null) {
        CallException e = unwrap(failure);
        error(e.code(), "sending " + message.action() + " failed: " + e.getMessage());
        if (message.action() == CallAction.DIALING && message.callId().equals(call.callId)) {
          message.invitedList().forEach(this::removeInvitee);
          if (call.inviting.isEmpty() && call.roomRemotes.isEmpty()) {
            endLocally();
          }
        }
      }
    });
  }

  private void sendMedia(String to, ObjectNode payload) {
    if (call.inRoom && channel != null) {
      ObjectNode frame = Frame.JSON.createObjectNode().put("op", "media").put("to", to)
          .put("roomId", call.roomId);
      frame.set("data", payload);
      channel.send(frame);
    }
  }

  private CompletableFuture<Frame> request(ObjectNode frame) {
    if (channel == null) {
      return CompletableFuture.failedFuture(new CallException(ErrorCode.NOT_LOGGED_IN.code(),
          "not connected"));
    }
    return channel.request(frame);
  }

  private CompletableFuture<SignalChannel> connected() {
    if (channel != null && channel.isOpen()) {
      return CompletableFuture.completedFuture(channel);
    }
    return SignalChannel.connect(runtime, config.server(), config.requestTimeout(), events,
            seen, this::onPush, this::connectionLost)
        .thenApplyAsync(ch -> channel = ch, events);
  }

  private void connectionLost(SignalChannel closed, String why) {
    if (closed != channel) {
      return; // a channel this component already gave up
    }
    channel = null;
    if (!loggedIn) {
      return;
    }
    boolean inCall = call.active;
    error(SignalChannel.CONNECTION_LOST, "connection to the signalling server lost: " + why
        + "; reconnecting");
    loseSession();
    if (inCall) {
      delegate.onCallEnd();
    }
    reconnecting = true;
    backoffMillis = config.reconnectBackoff().toMillis();
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    long delay = Math.max(1, Math.round(backoffMillis * (0.75 + 0.5 * ROOM_IDS.nextDouble())));
    backoffMillis = Math.min(backoffMillis * 2, config.reconnectMaxBackoff().toMillis());
    reconnectTimer = runtime.timers().schedule(() -> run(this::reconnect), delay,
        TimeUnit.MILLISECONDS);
  }

  private void reconnect() {
    if (!reconnecting || destroyed) {
      return;
    }
    loginOnce(sdkAppId, me, userSig).whenComplete((ok, failure) -> {
      if (!reconnecting) {
        if (failure == null) { // logged out while this attempt ran
          loggedIn = false;
          stopHeartbeat();
          closeChannel();
        }
        return;
      }
      if (failure == null) {
        reconnecting = false;
        LOG.info("'{}' reconnected and logged in again", me);
        return;
      }
      CallException e = unwrap(failure);
      closeChannel();
      if (isFinal(e.code())) {
        reconnecting = false;
        error(e.code(), "reconnecting as '" + me + "' failed for good: " + e.getMessage());
        return;
      }
      scheduleReconnect();
    });
  }

  /** Refusals a retry cannot cure: the UserSig, the app or the request itself is wrong. */
  private static boolean isFinal(int code) {
    return (code >= 70000 && code < 71000) || code == ErrorCode.INVALID_FIELD.code()
        || code == 60021;
  }

  private void stopReconnecting() {
    reconnecting = false;
    cancel(reconnectTimer);
    reconnectTimer = null;
  }

  private void closeChannel() {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void ping() {
    run(() -> {
      if (channel != null && loggedIn) {
        channel.send(Frame.JSON.createObjectNode().put("op", "ping"));
      }
    });
  }

  private void stopHeartbeat() {
    cancel(heartbeat);
    heartbeat = null;
  }

  private void error(int code, String message) {
    delegate.onError(code, message);
  }

  private void run(Runnable task) {
    events.execute(task);
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private static CallException unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof CallException ce ? ce
        : new CallException(SignalChannel.CONNECTION_LOST, String.valueOf(t.getMessage()));
  }
}
