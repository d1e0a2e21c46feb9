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
 * The audio-call component over the signalling server: one engine of the call rules of DESIGN §1
 * (per-invitee timers, line busy, cancel, reject fan-out, auto call end, hangup variants, invitee-list
 * update, stale-message drop, version/type filter, offline answering) in every {@link Flavour}: the flavour
 * chooses the signalling ({@link V4Signalling} or {@link ImSignalling}), its quirks (what a ringing callee's
 * hangup sends) and its callback names ({@link Callbacks}); nothing else differs.
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
  /** TUICallEngine: at most 9 users in a call, the caller included. */
  static final int MAX_TUI_INVITEES = 8;

  private final ClientConfig config;
  private final ClientRuntime runtime;
  private final SerialExecutor events;
  private final CallMedia media;
  private final Flavour flavour;
  private final CallSignalling signalling;
  private volatile Callbacks fire;

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
          fire.audioAvailable(userId, available);
        }
      });
    }

    @Override
    public void voiceVolume(String userId, int volume) {
      run(() -> {
        if (call.roomRemotes.contains(userId)) {
          fire.voiceVolume(userId, volume);
        }
      });
    }
  };

  /** The reference flavour ({@link Flavour#IOS_V4}). */
  public AudioCallClient(ClientConfig config, ClientRuntime runtime, CallMedia media) {
    this(config, runtime, media, Flavour.IOS_V4);
  }

  /**
   * @param media where the call's audio attaches ({@link CallMedia#NONE} for signalling only)
   * @param flavour the client generation and platform whose rules, signalling and callback names to follow
   */
  public AudioCallClient(ClientConfig config, ClientRuntime runtime, CallMedia media, Flavour flavour) {
    this.config = config;
    this.runtime = runtime;
    this.events = runtime.newEventThread();
    this.media = media;
    this.flavour = flavour;
    CallSignalling.Wire wire = new CallSignalling.Wire() {
      @Override
      public String me() {
        return me;
      }

      @Override
      public CompletableFuture<Frame> request(ObjectNode frame) {
        return AudioCallClient.this.request(frame);
      }

      @Override
      public void sendFailed(String what, List<String> invitees, CallException failure) {
        invitationFailed(what, invitees, failure);
      }
    };
    this.signalling = flavour.protocol() == Flavour.Protocol.V4_CUSTOM_MESSAGE ? new V4Signalling(wire)
        : new ImSignalling(wire, flavour, config);
    this.fire = new Callbacks(flavour.names(), (name, args) -> { });
  }

  /** The flavour this component follows. */
  public Flavour flavour() {
    return flavour;
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

  /**
   * The v4 delegate; it receives the callbacks it has methods for (use {@link #setListener} for a flavour
   * whose names it lacks, e.g. TUICallKit's).
   */
  @Override
  public void setDelegate(AudioCallDelegate newDelegate) {
    setListener(newDelegate == null ? null : new DelegateListener(newDelegate));
  }

  /** Receives every callback under this flavour's names. */
  public void setListener(CallListener listener) {
    this.fire = new Callbacks(flavour.names(), listener == null ? (name, args) -> { } : listener);
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
      signalling.accept(call);
      enterRoom();
    });
  }

  /**
   * TUICallEngine's {@code ignore()}: stops ringing without answering; the caller keeps waiting until its
   * invitation times out. Only flavours that have it ({@link Flavour#canIgnore()}).
   */
  public void ignore() {
    run(() -> {
      if (!flavour.canIgnore()) {
        error(ErrorCode.INVALID_FIELD.code(), "ignore: " + flavour + " has no ignore() (TUICallKit has)");
        return;
      }
      if (!call.active || !call.awaitingAnswer) {
        error(ErrorCode.INVALID_FIELD.code(), "ignore: there is no invitation to ignore");
        return;
      }
      endLocally();
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
    if (flavour.canIgnore() && call.inviting.size() + call.roomRemotes.size() + fresh.size() > MAX_TUI_INVITEES) {
      error(ErrorCode.INVALID_FIELD.code(), "call: TUICallKit calls hold at most " + (MAX_TUI_INVITEES + 1)
          + " users");
      return;
    }
    boolean newCall = !call.active;
    if (newCall) {
      int roomId = 1 + ROOM_IDS.nextInt(Integer.MAX_VALUE - 1);
      String callId = signalling.clientTimers() ? UUID.randomUUID().toString() : ImSignalling.callId(roomId);
      call.begin(callId, roomId, groupId, me, true);
    }
    for (String user : fresh) {
      call.inviting.add(user);
      if (signalling.clientTimers()) {
        startInviteeTimer(user, config.invitationTimeout().toMillis());
      }
    }
    signalling.invite(call, fresh, List.copyOf(call.inviting));
    if (newCall) {
      enterRoom();
    }
  }

  private void rejectNow() {
    signalling.reject(call);
    endLocally();
  }

  /**
   * hangup(): not calling: nothing. A ringing callee: rejects — or, on Android v4, hangs up like a participant
   * (no reject reaches the caller; in a group call with nobody in the room a cancel reaches everyone). A 1v1
   * caller cancels every pending invitee; in a group call a cancel goes to the group only when nobody else is
   * in the room. Then the room is left (TRTCCalling first tells a connected remote it hung up).
   */
  private void hangupNow() {
    if (!call.active) {
      return;
    }
    if (call.awaitingAnswer && flavour.rejectsUnansweredHangup()) {
      rejectNow();
      return;
    }
    List<String> pending = List.copyOf(call.inviting);
    if (call.groupId == null) {
      if (!pending.isEmpty() && (call.isSponsor || call.roomRemotes.isEmpty()) && !call.awaitingAnswer) {
        signalling.cancel(call, pending, false);
      }
    } else if (call.roomRemotes.isEmpty()
        && (!pending.isEmpty() || flavour.groupHangupCancelsAll() && call.awaitingAnswer)) {
      signalling.cancel(call, pending, true);
    }
    if (call.inRoom && !call.awaitingAnswer) {
      signalling.leaving(call);
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
          call.enteredNanos = System.nanoTime();
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
    long age = Math.max(0, System.currentTimeMillis() - frame.node().path("time").asLong());
    String from = frame.node().path("from").asText();
    Optional<Signal> read = signalling.read(from, frame.node().path("data"), age,
        config.invitationTimeout().toMillis());
    if (read.isEmpty()) {
      return;
    }
    onSignal(read.get());
  }

  private void onSignal(Signal signal) {
    boolean current = call.active && signal.callId().equals(call.callId);
    if (signal instanceof Signal.Invite invite) {
      onInvite(invite);
    } else if (signal instanceof Signal.Cancel) {
      if (current && (call.awaitingAnswer || (call.inRoom && call.roomRemotes.isEmpty()))) {
        boolean began = call.began;
        endLocally();
        fire.callingCancel(began);
      }
    } else if (signal instanceof Signal.Reject reject) {
      if (current && removeInvitee(reject.from())) {
        relayIfSponsor(reject);
        if (reject.busy()) {
          fire.lineBusy(call, reject.from());
        } else {
          fire.rejected(call, reject.from());
        }
        autoEndCheck();
      }
    } else if (signal instanceof Signal.Timeout timeout) {
      onTimeout(current, timeout);
    } else if (signal instanceof Signal.Relayed relayed) {
      if (current && !call.isSponsor && relayed.by().equals(call.sponsor)) {
        onSignal(relayed.answer());
      }
    }
  }

  /** The caller of a call without a group passes an invitee's answer on to everyone else still involved. */
  private void relayIfSponsor(Signal answer) {
    if (!call.isSponsor || call.groupId != null) {
      return;
    }
    List<String> others = new ArrayList<>(call.roomRemotes);
    others.addAll(call.inviting);
    if (!others.isEmpty()) {
      signalling.relay(call, answer, others);
    }
  }

  /**
   * The invitation timed out: the ringing callee it names gives up (one it does not name only forgets the
   * others); with server-run timeouts (IM signalling) the others learn it this way too, each timed-out
   * invitee a no-response.
   */
  private void onTimeout(boolean current, Signal.Timeout timeout) {
    if (!current) {
      return;
    }
    if (call.awaitingAnswer) {
      if (timeout.invitees().contains(me)) {
        endLocally();
        fire.callingTimeout();
      } else {
        timeout.invitees().forEach(this::removeInvitee);
      }
      return;
    }
    if (signalling.clientTimers()) {
      return; // v4 participants run their own timers
    }
    for (String user : timeout.invitees()) {
      if (removeInvitee(user)) {
        relayIfSponsor(new Signal.Timeout(timeout.callId(), List.of(user)));
        fire.noResponse(call, user);
      }
    }
    autoEndCheck();
  }

  private void onInvite(Signal.Invite m) {
    if (!m.invitees().contains(me)) {
      if (call.active && m.callId().equals(call.callId)) {
        boolean changed = false;
        for (String user : m.invitees()) {
          if (!user.equals(me) && !call.roomRemotes.contains(user) && call.inviting.add(user)) {
            if (signalling.clientTimers()) {
              startInviteeTimer(user, m.remainingMillis());
            }
            changed = true;
          }
        }
        if (changed) {
          fire.inviteeListUpdate(List.copyOf(call.inviting));
        }
      }
      return;
    }
    if (call.active) {
      if (!m.callId().equals(call.callId)) {
        signalling.busy(m);
      }
      return;
    }
    call.begin(m.callId(), m.roomId(), m.groupId(), m.from(), false);
    call.awaitingAnswer = true;
    call.inviteIds.put(me, m.ref());
    List<String> others = new ArrayList<>();
    for (String user : m.invitees()) {
      if (!user.equals(me) && !user.equals(m.from())) {
        others.add(user);
        call.inviting.add(user);
        if (signalling.clientTimers()) {
          startInviteeTimer(user, m.remainingMillis());
        }
      }
    }
    if (signalling.clientTimers()) {
      String callId = m.callId();
      call.ownTimer = runtime.timers().schedule(() -> run(() -> {
        if (call.active && call.awaitingAnswer && callId.equals(call.callId)) {
          endLocally();
          fire.callingTimeout();
        }
      }), m.remainingMillis(), TimeUnit.MILLISECONDS);
    }
    fire.invited(m.from(), others, m.groupId() != null);
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
      fire.userLeave(user);
      autoEndCheck();
    }
  }

  private void remoteEntered(String user) {
    if (!call.roomRemotes.add(user)) {
      return;
    }
    removeInvitee(user);
    media.remoteEntered(user);
    fire.userEnter(call, user);
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
        signalling.timedOut(call, user);
      }
      fire.noResponse(call, user);
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
      boolean began = call.began;
      boolean sponsor = call.isSponsor;
      String reason = call.notConnectedReason;
      endLocally();
      fire.callEnd(began, sponsor, reason);
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

  /** A signalling send failed: reported; invitees it could not reach are no longer waited for. */
  private void invitationFailed(String what, List<String> invitees, CallException e) {
    error(e.code(), what + " failed: " + e.getMessage());
    if (!call.active || invitees.isEmpty()) {
      return;
    }
    invitees.forEach(this::removeInvitee);
    if (call.inviting.isEmpty() && call.roomRemotes.isEmpty()) {
      endLocally();
    }
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
    boolean began = call.began;
    boolean sponsor = call.isSponsor;
    String reason = call.notConnectedReason;
    error(SignalChannel.CONNECTION_LOST, "connection to the signalling server lost: " + why
        + "; reconnecting");
    loseSession();
    if (inCall) {
      fire.callEnd(began, sponsor, reason);
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
    fire.error(code, message);
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
    return CallException.of(failure);
  }
}
