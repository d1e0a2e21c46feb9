package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.AuthCode;
import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserIds;
import io.callfarm.engine.auth.UserSigVerifier;
import io.callfarm.engine.store.Store;
import io.callfarm.engine.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's logic, independent of the transport: login, IM delivery ({@link Delivery}), groups,
 * presence, heartbeats and media rooms, with every bound of {@link ServerConfig.Limits}. Every frame
 * gets an answer: an {@code ack} when it carried an {@code id}, an {@code error} (code + message)
 * when it was refused; a bad frame never closes the connection or disturbs other sessions.
 *
 * <p>Thread-safe: the transport may call in from any thread, one frame at a time per peer. Session
 * transitions (login, kick, logout, close, reap) and room entries are serialized per user and per
 * session (lock order in {@link PeerState}), so a session that is closing never ends up online or in
 * a room.
 */
public final class Switchboard {
  private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
  private static final int LOCK_STRIPES = 256;
  /** Users a {@code presence} query may name. */
  static final int MAX_PRESENCE_USERS = 1000;
  private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final ServerConfig config;
  private final ServerConfig.Limits limits;
  private final Store store;
  private final long sdkAppId;
  private final AppSecret secret;
  private final UserSigVerifier verifier = new UserSigVerifier();
  private final Clock clock;
  private final LongSupplier nanos;
  private final Map<Peer, PeerState> peers = new ConcurrentHashMap<>();
  private final Map<UserKey, PeerState> online = new ConcurrentHashMap<>();
  private final Object[] userLocks = new Object[LOCK_STRIPES];
  private final Map<String, AtomicInteger> unauthenticated = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> loginFailures = new ConcurrentHashMap<>();
  private final Map<UserKey, TokenBucket> fanOut = new ConcurrentHashMap<>();
  private final Map<UserKey, TokenBucket> dialings = new ConcurrentHashMap<>();
  private final Groups groups;
  private final Rooms rooms;
  private final Delivery delivery;
  private final Invitations invitations;
  private volatile Interleaving interleaving = Interleaving.NONE;
  private volatile long lastHousekeepingNanos;

  /**
   * @param sdkAppId the one app whose users may log in
   * @param secret its UserSig key
   */
  public Switchboard(ServerConfig config, Store store, long sdkAppId, AppSecret secret,
      Clock clock) {
    this(config, store, sdkAppId, secret, clock, System::nanoTime);
  }

  Switchboard(ServerConfig config, Store store, long sdkAppId, AppSecret secret, Clock clock,
      LongSupplier nanos) {
    this.config = config;
    this.limits = config.limits();
    this.store = store;
    this.sdkAppId = sdkAppId;
    this.secret = secret;
    this.clock = clock;
    this.nanos = nanos;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      userLocks[i] = new Object();
    }
    this.groups = new Groups(store, limits.groupMembers());
    this.rooms = new Rooms(new CallLedger(store), this::sendTo);
    this.delivery = new Delivery(store, limits, clock, online, this::lockFor);
    this.invitations = new Invitations(
        (to, from, groupId, data, push) -> delivery.deliver(to, from, groupId, data, push, true),
        new Invitations.Observer() {
          @Override
          public void invited(UserKey inviter, int roomId, String groupId, List<String> invitees) {
            Set<String> members = groups.membersOrEmpty(inviter.sdkAppId(), groupId);
            rooms.dialing(inviter.sdkAppId(), inviter.userId(), roomId, imCallId(roomId), groupId, invitees,
                members.contains(inviter.userId()) ? members : Set.of(), clock.millis(), nanos.getAsLong());
          }

          @Override
          public void action(long app, int roomId, int v4Action, String sender, List<String> users) {
            rooms.ledgerAction(app, roomId, imCallId(roomId), v4Action, sender, users);
          }
        }, clock);
    this.lastHousekeepingNanos = nanos.getAsLong();
  }

  /** The call record id of a call signalled through IM signalling (several inviteIds may share a room). */
  private static String imCallId(int roomId) {
    return "im-room-" + roomId;
  }

  /** Stops the signalling timeout thread; the transport must be closed first. */
  public void close() {
    invitations.close();
  }

  void interleaving(Interleaving points) {
    this.interleaving = points;
    rooms.interleaving(points);
  }

  /** A new connection; refused (error + close) when its address has too many without a login. */
  public void opened(Peer peer) {
    PeerState state = new PeerState(peer, nanos.getAsLong());
    AtomicInteger count = unauthenticated.computeIfAbsent(state.address, a -> new AtomicInteger());
    if (count.incrementAndGet() > limits.unauthenticatedPerAddress()) {
      count.decrementAndGet();
      peer.send(Frames.error(-1, null, ErrorCode.TOO_MANY_CONNECTIONS.code(), state.address
          + " already has " + limits.unauthenticatedPerAddress()
          + " connections that have not logged in; log in on those or close them"));
      peer.disconnect(1008, "too many connections without login");
      return;
    }
    synchronized (state) {
      state.countedUnauthenticated = true;
    }
    peers.put(peer, state);
  }

  public void closed(Peer peer) {
    PeerState state = peers.remove(peer);
    if (state != null) {
      end(state);
    }
  }

  /** Handles one text frame from the peer. Never throws. */
  public void received(Peer peer, String text) {
    PeerState state = peers.get(peer);
    if (state == null) {
      return;
    }
    state.lastSeenNanos = nanos.getAsLong();
    Frame frame = null;
    try {
      frame = Frame.parse(text);
      if (text.length() > config.maxFrameChars()) {
        throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "frame of " + text.length()
            + " characters exceeds the limit of " + config.maxFrameChars());
      }
      dispatch(state, frame.requireOp().requireValidId());
    } catch (ProtocolException e) {
      refuse(state, frame, e.code(), e.getMessage());
    } catch (AuthException e) {
      refuse(state, frame, e.code().code(), e.getMessage());
      closeAfterTooManyFailures(state);
    } catch (StoreException e) {
      refuse(state, frame, storeCode(e), e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      // a defect: the client learns the code, the log the op and the cause, never the frame itself
      String op = frame == null ? null : frame.refOp();
      LOG.error("internal error handling '{}' from {}", op, peer.remote(), e);
      refuse(state, frame, ErrorCode.INTERNAL.code(), "internal error handling '" + op + "': "
          + e.getClass().getSimpleName());
    }
  }

  /** A binary frame: not part of the protocol; answered, the connection stays. */
  public void receivedBinary(Peer peer, int length) {
    PeerState state = peers.get(peer);
    if (state == null) {
      return;
    }
    state.lastSeenNanos = nanos.getAsLong();
    peer.send(Frames.error(-1, null, ErrorCode.BINARY_FRAME.code(), "binary frame of " + length
        + " bytes refused: the protocol is JSON text frames"));
  }

  /**
   * Ends sessions past the login deadline or the heartbeat timeout, resumes paused deliveries and
   * closes unused rooms; once a minute also purges old messages and idle rate-limit buckets.
   */
  public void reap() {
    long now = nanos.getAsLong();
    long heartbeat = config.heartbeatTimeout().toNanos();
    long deadline = limits.loginDeadline().toNanos();
    for (PeerState state : peers.values()) {
      UserKey user = state.user; // volatile reads: the reaper never waits for a busy session
      if (user == null && now - state.unauthenticatedSinceNanos > deadline) {
        drop(state, ErrorCode.LOGIN_DEADLINE, "no login within "
            + limits.loginDeadline().toMillis() + " ms of connecting: closed", 1008);
      } else if (now - state.lastSeenNanos > heartbeat) {
        drop(state, ErrorCode.HEARTBEAT_TIMEOUT, "no heartbeat for "
            + config.heartbeatTimeout().toMillis() + " ms: logged out", 1001);
      } else if (user != null) {
        delivery.resume(state, user);
      }
    }
    rooms.purgeUnused(now, config.roomRetention().toNanos(), clock.millis());
    if (now - lastHousekeepingNanos > HOUSEKEEPING_NANOS) {
      lastHousekeepingNanos = now;
      store.purge(clock.millis());
      loginFailures.values().removeIf(b -> b.isFull(now));
      fanOut.values().removeIf(b -> b.isFull(now));
      dialings.values().removeIf(b -> b.isFull(now));
    }
  }

  public int onlineUsers() {
    return online.size();
  }

  public int openRooms() {
    return rooms.size();
  }

  /** Connections open right now, logged in or not. */
  public int connections() {
    return peers.size();
  }

  /** Who is in a room now (for tests and the admin view). */
  public List<String> roomMembers(int roomId) {
    return rooms.members(sdkAppId, roomId);
  }

  /**
   * The app backend creates a group with its members (Tencent REST {@code create_group} with a
   * member list): no invitations, no consent step.
   */
  public void provisionGroup(String groupId, String owner, List<String> members)
      throws ProtocolException {
    requireValid(groupId, "group id");
    requireValid(owner, "owner");
    for (String member : members) {
      requireValid(member, "member");
    }
    groups.provision(sdkAppId, groupId, owner, members, clock.millis());
  }

  private static void requireValid(String id, String what) throws ProtocolException {
    if (!UserIds.isValid(id)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, what + " '" + id
          + "' must be 1-32 characters of A-Z a-z 0-9 - _");
    }
  }

  private void dispatch(PeerState state, Frame frame) throws ProtocolException, AuthException {
    String op = frame.op();
    if (op.equals("login")) {
      login(state, frame);
      return;
    }
    if (op.equals("ping")) {
      state.peer.send(Frames.ack(frame.requestId()).put("op", "pong")
          .put("serverTime", clock.millis()));
      return;
    }
    UserKey me = state.user();
    if (me == null) {
      if (!isKnownOp(op)) {
        throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op '" + frame.refOp() + "'");
      }
      throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "'" + op + "' needs a login first");
    }
    if (frame.has("from") && !me.userId().equals(frame.node().path("from").asText())) {
      throw new ProtocolException(ErrorCode.NO_PERMISSION, "'" + me.userId()
          + "' cannot send as another user");
    }
    switch (op) {
      case "logout" -> {
        logout(state, me);
        ack(state, frame);
      }
      case "c2c" -> sendC2c(state, me, frame);
      case "msg.ack" -> {
        delivery.acknowledged(state, me, Delivery.ackIds(frame));
        ack(state, frame);
      }
      case "group.create" -> {
        String groupId = groupId(frame);
        List<String> invitees = frame.has("members") ? userList(frame, "members") : List.of();
        Set<String> invited = groups.create(me.sdkAppId(), groupId, me.userId(), invitees,
            clock.millis());
        tellInvited(me, groupId, invited);
        ObjectNode ack = Frames.ack(frame.requestId()).put("groupId", groupId)
            .put("owner", me.userId());
        invited.forEach(ack.putArray("invited")::add);
        reply(state, frame, ack);
      }
      case "group.invite" -> {
        String groupId = groupId(frame);
        Set<String> invited = groups.invite(me.sdkAppId(), groupId, me.userId(),
            userList(frame, "members"), clock.millis());
        tellInvited(me, groupId, invited);
        ObjectNode ack = Frames.ack(frame.requestId());
        invited.forEach(ack.putArray("invited")::add);
        reply(state, frame, ack);
      }
      case "group.join" -> {
        String groupId = groupId(frame);
        groups.join(me.sdkAppId(), groupId, me.userId());
        reply(state, frame, Frames.ack(frame.requestId()).put("groupId", groupId)
            .put("owner", groups.owner(me.sdkAppId(), groupId)));
      }
      case "group.members" -> {
        String groupId = groupId(frame);
        Set<String> members = groups.members(me.sdkAppId(), groupId, me.userId());
        ObjectNode ack = Frames.ack(frame.requestId())
            .put("owner", groups.owner(me.sdkAppId(), groupId));
        members.forEach(ack.putArray("members")::add);
        reply(state, frame, ack);
      }
      case "group.send" -> sendGroup(state, me, frame);
      case "presence" -> {
        List<String> users = frame.textList("users");
        if (users.size() > MAX_PRESENCE_USERS) {
          throw new ProtocolException(ErrorCode.INVALID_FIELD, "'presence' names " + users.size()
              + " users; at most " + MAX_PRESENCE_USERS);
        }
        ObjectNode ack = Frames.ack(frame.requestId());
        ObjectNode map = ack.putObject("online");
        for (String user : users) {
          map.put(user, online.containsKey(new UserKey(me.sdkAppId(), user)));
        }
        state.peer.send(ack);
      }
      case "room.enter" -> enterRoom(state, me, frame);
      case "room.leave" -> {
        int roomId = frame.positiveInt("roomId");
        synchronized (state) {
          rooms.leave(me, roomId, clock.millis());
          state.rooms.remove(roomId);
        }
        ack(state, frame);
      }
      case "media" -> relayMedia(state, me, frame);
      case "signal.invite" -> signalInvite(state, me, frame);
      case "signal.accept" -> {
        invitations.accept(me, frame.text("inviteId"), optionalData(frame));
        ack(state, frame);
      }
      case "signal.reject" -> {
        invitations.reject(me, frame.text("inviteId"), optionalData(frame));
        ack(state, frame);
      }
      case "signal.cancel" -> {
        invitations.cancel(me, frame.text("inviteId"), optionalData(frame));
        ack(state, frame);
      }
      default -> throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op '" + frame.refOp()
          + "'");
    }
  }

  /**
   * {@code signal.invite}: {@code invitees}, optional {@code groupId} (inviteInGroup: the inviter and every
   * invitee must be members), {@code data} (string payload), {@code timeout} seconds (default 30), optional
   * {@code push}. Answered with the new {@code inviteId}. Counts against the dialing budget per invitee.
   */
  private void signalInvite(PeerState state, UserKey me, Frame frame) throws ProtocolException {
    List<String> invitees = userList(frame, "invitees");
    String groupId = frame.has("groupId") ? groupId(frame) : null;
    if (groupId != null) {
      Set<String> members = groups.members(me.sdkAppId(), groupId, me.userId());
      for (String user : invitees) {
        if (!members.contains(user)) {
          throw new ProtocolException(ErrorCode.NO_PERMISSION, "'" + user + "' is not a member of group '"
              + groupId + "'");
        }
      }
    }
    String data = frame.has("data") ? frame.text("data") : "";
    int timeout = frame.has("timeout") ? frame.nonNegativeInt("timeout") : 30;
    limitInvitations(me, timeout == 0 ? 0 : invitees.size());
    ObjectNode pushNode = frame.optionalObject("push");
    Delivery.PushContent push = pushNode == null
        ? new Delivery.PushContent(me.userId() + " is calling you", "default", data)
        : new Delivery.PushContent(pushNode.path("title").asText(""), pushNode.path("sound").asText(""),
            pushNode.path("payload").isTextual() ? pushNode.path("payload").asText()
                : pushNode.path("payload").toString());
    String inviteId = invitations.invite(me, invitees, groupId, data, timeout, push);
    reply(state, frame, Frames.ack(frame.requestId()).put("inviteId", inviteId));
  }

  private static String optionalData(Frame frame) throws ProtocolException {
    return frame.has("data") ? frame.text("data") : null;
  }

  /** IM invitations count against the same dialing budget as v4 dialings. */
  private void limitInvitations(UserKey me, int count) throws ProtocolException {
    if (count == 0) {
      return;
    }
    long now = nanos.getAsLong();
    TokenBucket bucket = dialings.computeIfAbsent(me, k -> new TokenBucket(
        2.0 * limits.dialingsPerSecond(), limits.dialingsPerSecond(), now));
    if (!bucket.tryTake(count, now)) {
      throw new ProtocolException(ErrorCode.RATE_LIMITED, "'" + me.userId() + "' may invite "
          + limits.dialingsPerSecond() + " times per second; retry in " + bucket.millisUntil(count, now)
          + " ms");
    }
  }

  private static boolean isKnownOp(String op) {
    return switch (op) {
      case "logout", "c2c", "msg.ack", "group.create", "group.invite", "group.join",
          "group.members", "group.send", "presence", "room.enter", "room.leave", "media",
          "signal.invite", "signal.accept", "signal.reject", "signal.cancel" -> true;
      default -> false;
    };
  }

  private void login(PeerState state, Frame frame) throws ProtocolException, AuthException {
    long app = frame.longValue("sdkAppId");
    String userId = frame.text("userId");
    String userSig = frame.text("userSig");
    if (state.user() != null) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "this connection is already logged in as '"
          + state.user().userId() + "'; log out first");
    }
    UserIds.require(userId);
    if (app != sdkAppId) {
      throw new AuthException(AuthCode.UNKNOWN_APP, "SDKAppID " + app + " is not the app this "
          + "engine serves");
    }
    UserKey user = new UserKey(app, userId);
    verifyThrottled(state, user, userSig);
    interleaving.at("login.verified");
    synchronized (lockFor(user)) {
      synchronized (state) {
        if (state.closed) {
          throw new ProtocolException(ErrorCode.HEARTBEAT_TIMEOUT, "this connection is closing "
              + "(timed out); connect again");
        }
        if (state.user != null) {
          throw new ProtocolException(ErrorCode.INVALID_FIELD, "this connection is already "
              + "logged in as '" + state.user.userId() + "'; log out first");
        }
      }
      PeerState previous = online.get(user);
      if (previous != null && previous != state) {
        interleaving.at("login.takeover");
        kick(previous, user);
      }
      synchronized (state) {
        if (state.closed) {
          throw new ProtocolException(ErrorCode.HEARTBEAT_TIMEOUT, "this connection is closing "
              + "(timed out); connect again");
        }
        state.user = user;
        uncount(state);
        online.put(user, state);
        state.peer.send(Frames.ack(frame.requestId()).put("userId", userId)
            .put("serverTime", clock.millis())
            .put("heartbeatTimeoutMs", config.heartbeatTimeout().toMillis()));
      }
      groups.invitationsOf(app, userId).forEach((groupId, owner) -> state.peer.send(
          invitedFrame(groupId, owner)));
      delivery.loggedIn(state, user);
    }
    store.recordLogin(app, userId, clock.millis());
  }

  /**
   * Verifies the UserSig within the failure budgets: {@code loginFailuresPerUserMinute} per user
   * and address (beyond it attempts are refused unverified for the rest of the minute) and
   * {@code loginFailuresPerConnection} per connection (then the connection is closed).
   */
  private void verifyThrottled(PeerState state, UserKey user, String userSig)
      throws AuthException {
    long now = nanos.getAsLong();
    int perMinute = limits.loginFailuresPerUserMinute();
    TokenBucket budget = loginFailures.computeIfAbsent(user + "@" + state.address,
        k -> new TokenBucket(perMinute, perMinute / 60.0, now));
    if (budget.millisUntil(1, now) > 0) {
      failedLogin(state);
      throw new AuthException(AuthCode.TOO_MANY_FAILURES, "'" + user.userId() + "' from "
          + state.address + ": " + perMinute + " failed logins within a minute; retry in "
          + budget.millisUntil(1, now) + " ms");
    }
    try {
      verifier.verify(userSig, user.sdkAppId(), user.userId(), secret.reveal(), clock.instant());
    } catch (AuthException e) {
      budget.tryTake(1, now);
      failedLogin(state);
      throw e;
    }
  }

  private static void failedLogin(PeerState state) {
    synchronized (state) {
      state.failedLogins++;
    }
  }

  /** After its refusal was sent: a connection with too many failed logins is closed. */
  private void closeAfterTooManyFailures(PeerState state) {
    int failures;
    synchronized (state) {
      failures = state.failedLogins;
    }
    if (failures >= limits.loginFailuresPerConnection()) {
      drop(state, AuthCode.TOO_MANY_FAILURES.code(), failures + " failed logins on this "
          + "connection: closed", 1008);
    }
  }

  /** Replaces {@code previous}, the session of {@code user}; holds the user's lock. */
  private void kick(PeerState previous, UserKey user) {
    synchronized (previous) {
      if (previous.user != user && !user.equals(previous.user)) {
        return;
      }
      previous.closed = true;
      leaveRooms(previous, user);
      previous.user = null;
    }
    online.remove(user, previous);
    peers.remove(previous.peer);
    previous.peer.send(Frames.error(-1, null, ErrorCode.KICKED_OFFLINE.code(),
        "'" + user.userId() + "' logged in elsewhere; this session is closed").put("op", "kicked"));
    previous.peer.disconnect(1000, "logged in elsewhere");
  }

  private void logout(PeerState state, UserKey user) {
    synchronized (lockFor(user)) {
      synchronized (state) {
        if (!user.equals(state.user)) {
          return;
        }
        leaveRooms(state, user);
        state.user = null;
        state.unauthenticatedSinceNanos = nanos.getAsLong();
        state.countedUnauthenticated = true;
        unauthenticated.computeIfAbsent(state.address, a -> new AtomicInteger()).incrementAndGet();
      }
      online.remove(user, state);
    }
  }

  /** The connection is gone (closed, reaped, refused): it leaves everything and never comes back. */
  private void end(PeerState state) {
    UserKey user;
    synchronized (state) {
      state.closed = true;
      uncount(state);
      user = state.user;
    }
    if (user == null) {
      return;
    }
    synchronized (lockFor(user)) {
      synchronized (state) {
        if (user.equals(state.user)) {
          leaveRooms(state, user);
          state.user = null;
        }
      }
      online.remove(user, state);
    }
  }

  /** Tells the client why, ends the session and closes the connection. */
  private void drop(PeerState state, ErrorCode code, String why, int closeCode) {
    drop(state, code.code(), why, closeCode);
  }

  private void drop(PeerState state, int code, String why, int closeCode) {
    if (peers.remove(state.peer) == null) {
      return;
    }
    state.peer.send(Frames.error(-1, null, code, why));
    end(state);
    state.peer.disconnect(closeCode, why.length() > 100 ? why.substring(0, 100) : why);
  }

  /** Holds the session's monitor. */
  private void uncount(PeerState state) {
    if (state.countedUnauthenticated) {
      state.countedUnauthenticated = false;
      AtomicInteger count = unauthenticated.get(state.address);
      if (count != null && count.decrementAndGet() <= 0) {
        unauthenticated.remove(state.address, count);
      }
    }
  }

  private void enterRoom(PeerState state, UserKey me, Frame frame) throws ProtocolException,
      AuthException {
    int roomId = frame.positiveInt("roomId");
    if (config.roomPermission()) {
      if (!frame.has("privateMapKey")) {
        throw new AuthException(AuthCode.ROOM_PERMISSION, "room permission is on: room.enter needs "
            + "the 'privateMapKey' the app backend issued for '" + me.userId() + "' and room "
            + roomId);
      }
      verifier.verifyRoomKey(frame.text("privateMapKey"), me.sdkAppId(), me.userId(), roomId,
          secret.reveal(), clock.instant());
    }
    synchronized (state) {
      if (state.closed || !me.equals(state.user)) {
        throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "this session of '" + me.userId()
            + "' has ended; room " + roomId + " not entered");
      }
      rooms.enter(me, roomId, clock.millis(), others -> {
        ObjectNode ack = Frames.ack(frame.requestId()).put("roomId", roomId);
        ArrayNode members = ack.putArray("members");
        others.forEach(members::add);
        state.peer.send(ack);
      });
      interleaving.at("room.enter.entered");
      state.rooms.add(roomId);
    }
  }

  private void sendC2c(PeerState state, UserKey me, Frame frame) throws ProtocolException {
    String to = frame.text("to");
    if (!UserIds.isValid(to)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "'to' is not a valid user id");
    }
    ObjectNode data = frame.object("data");
    Delivery.PushContent push = push(me, frame, data);
    boolean signalling = isCallSignal(data);
    limitDialing(me, data, 1);
    observeSignalling(me, data, null, clock.millis());
    delivery.deliver(new UserKey(me.sdkAppId(), to), me.userId(), null, data, push, signalling)
        .whenComplete((accepted, failure) -> {
          if (failure != null) {
            StoreException e = storeFailure(failure);
            refuse(state, frame, storeCode(e), "message to '" + to + "' not accepted: "
                + e.getMessage());
          } else if (frame.requestId() >= 0) {
            state.peer.send(Frames.ack(frame.requestId()).put("msgId", accepted.msgId())
                .put("online", accepted.online()));
          }
        });
  }

  private void sendGroup(PeerState state, UserKey me, Frame frame) throws ProtocolException {
    String groupId = groupId(frame);
    Set<String> members = groups.members(me.sdkAppId(), groupId, me.userId());
    ObjectNode data = frame.object("data");
    Delivery.PushContent push = push(me, frame, data);
    List<String> recipients = members.stream().filter(m -> !m.equals(me.userId())).toList();
    long now = nanos.getAsLong();
    TokenBucket bucket = fanOut.computeIfAbsent(me, k -> new TokenBucket(
        limits.fanOutPerSecond(), limits.fanOutPerSecond(), now));
    if (!bucket.tryTake(recipients.size(), now)) {
      throw new ProtocolException(ErrorCode.RATE_LIMITED, "group messages of '" + me.userId()
          + "' may reach " + limits.fanOutPerSecond() + " recipients per second; this one ("
          + recipients.size() + ") fits in " + bucket.millisUntil(recipients.size(), now) + " ms");
    }
    limitDialing(me, data, 1);
    observeSignalling(me, data, groupId, clock.millis());
    boolean signalling = isCallSignal(data);
    List<CompletableFuture<Delivery.Accepted>> copies = new ArrayList<>();
    for (String member : recipients) {
      copies.add(delivery.deliver(new UserKey(me.sdkAppId(), member), me.userId(), groupId, data,
          push, signalling));
    }
    CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).whenComplete((v, f) -> {
      if (frame.requestId() < 0) {
        return;
      }
      int onlineCount = 0;
      int stored = 0;
      ObjectNode ack = Frames.ack(frame.requestId());
      ArrayNode refused = null;
      for (int i = 0; i < copies.size(); i++) {
        CompletableFuture<Delivery.Accepted> copy = copies.get(i);
        if (copy.isCompletedExceptionally()) {
          if (refused == null) {
            refused = ack.putArray("refused");
          }
          StoreException e = storeFailure(copy.handle((a, failure) -> failure).join());
          refused.addObject().put("userId", recipients.get(i)).put("code", storeCode(e));
        } else {
          stored++;
          onlineCount += copy.join().online() ? 1 : 0;
        }
      }
      state.peer.send(ack.put("online", onlineCount).put("stored", stored));
    });
  }

  private Delivery.PushContent push(UserKey me, Frame frame, ObjectNode data)
      throws ProtocolException {
    ObjectNode push = frame.optionalObject("push");
    if (push == null) {
      return new Delivery.PushContent(me.userId() + " sent you a message", "default",
          data.toString());
    }
    JsonNode payload = push.path("payload");
    return new Delivery.PushContent(push.path("title").asText(""), push.path("sound").asText(""),
        payload.isTextual() ? payload.asText() : payload.toString());
  }

  /** Dialings (v4 action 1) count against the sender's budget: refused beyond it. */
  private void limitDialing(UserKey me, ObjectNode data, int count) throws ProtocolException {
    if (!isCallSignal(data) || data.path("action").asInt() != 1) {
      return;
    }
    long now = nanos.getAsLong();
    TokenBucket bucket = dialings.computeIfAbsent(me, k -> new TokenBucket(
        2.0 * limits.dialingsPerSecond(), limits.dialingsPerSecond(), now));
    if (!bucket.tryTake(count, now)) {
      throw new ProtocolException(ErrorCode.RATE_LIMITED, "'" + me.userId() + "' may dial "
          + limits.dialingsPerSecond() + " times per second; retry in "
          + bucket.millisUntil(count, now) + " ms");
    }
  }

  private static boolean isCallSignal(ObjectNode data) {
    return data.path("version").asInt(-1) == 4 && data.path("action").isInt()
        && data.path("call_id").isTextual();
  }

  private void tellInvited(UserKey owner, String groupId, Set<String> invited) {
    ObjectNode frame = invitedFrame(groupId, owner.userId());
    invited.forEach(user -> sendTo(new UserKey(owner.sdkAppId(), user), frame));
  }

  private static ObjectNode invitedFrame(String groupId, String owner) {
    return Frame.JSON.createObjectNode().put("op", "group.invited").put("groupId", groupId)
        .put("owner", owner);
  }

  private void relayMedia(PeerState state, UserKey me, Frame frame) throws ProtocolException {
    String to = frame.text("to");
    int roomId = frame.positiveInt("roomId");
    ObjectNode data = frame.object("data");
    if (!rooms.bothInside(me.sdkAppId(), roomId, me.userId(), to)) {
      throw new ProtocolException(ErrorCode.NO_PERMISSION, "media needs both users in room "
          + roomId);
    }
    ObjectNode relayed = Frame.JSON.createObjectNode().put("op", "media").put("from", me.userId())
        .put("roomId", roomId);
    relayed.set("data", data);
    sendTo(new UserKey(me.sdkAppId(), to), relayed);
    ack(state, frame);
  }

  /**
   * Watches v4 call signalling as it passes: dialing admits invitees to the call's room, the other
   * actions feed the call record. Anything else is an opaque custom message.
   */
  private void observeSignalling(UserKey sender, ObjectNode data, String groupId, long now) {
    if (!isCallSignal(data) || !data.path("room_id").canConvertToInt()
        || data.path("room_id").asInt() <= 0) {
      return;
    }
    int roomId = data.get("room_id").asInt();
    String callId = data.get("call_id").asText();
    List<String> invited = new ArrayList<>();
    for (JsonNode user : data.path("invited_list")) {
      if (user.isTextual() && UserIds.isValid(user.asText())) {
        invited.add(user.asText());
      }
    }
    int action = data.get("action").asInt();
    if (action == 1) {
      String callGroup = groupId != null ? groupId : data.path("group_id").asText(null);
      Set<String> members = groups.membersOrEmpty(sender.sdkAppId(), callGroup);
      if (!members.contains(sender.userId())) {
        members = Set.of();
      }
      rooms.dialing(sender.sdkAppId(), sender.userId(), roomId, callId, callGroup, invited, members,
          now, nanos.getAsLong());
    } else {
      rooms.ledgerAction(sender.sdkAppId(), roomId, callId, action, sender.userId(), invited);
    }
  }

  /** Holds the session's monitor. */
  private void leaveRooms(PeerState state, UserKey user) {
    for (Integer roomId : List.copyOf(state.rooms)) {
      rooms.leave(user, roomId, clock.millis());
    }
    state.rooms.clear();
  }

  private void sendTo(UserKey user, ObjectNode frame) {
    PeerState target = online.get(user);
    if (target != null) {
      target.peer.send(frame);
    }
  }

  private static void ack(PeerState state, Frame frame) {
    if (frame.requestId() >= 0) {
      state.peer.send(Frames.ack(frame.requestId()));
    }
  }

  private static void reply(PeerState state, Frame frame, ObjectNode ack) {
    if (frame.requestId() >= 0) {
      state.peer.send(ack);
    }
  }

  private static void refuse(PeerState state, Frame frame, int code, String message) {
    state.peer.send(Frames.error(frame == null ? -1 : frame.requestId(),
        frame == null ? null : frame.refOp(), code, message));
  }

  private static StoreException storeFailure(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return t instanceof StoreException se ? se
        : new StoreException(StoreException.Reason.FAILED, String.valueOf(t), t);
  }

  private static int storeCode(StoreException e) {
    return switch (e.reason()) {
      case OVERLOADED -> ErrorCode.OVERLOADED.code();
      case RECIPIENT_FULL -> ErrorCode.RECIPIENT_FULL.code();
      case FAILED, CLOSED -> ErrorCode.STORE_FAILED.code();
    };
  }

  private static String groupId(Frame frame) throws ProtocolException {
    String groupId = frame.text("groupId");
    if (!UserIds.isValid(groupId)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD,
          "group id must be 1-32 characters of A-Z a-z 0-9 - _");
    }
    return groupId;
  }

  private List<String> userList(Frame frame, String field) throws ProtocolException {
    List<String> users = frame.textList(field);
    if (users.size() > limits.groupMembers()) {
      throw new ProtocolException(ErrorCode.GROUP_FULL, "'" + field + "' names " + users.size()
          + " users; a group holds at most " + limits.groupMembers());
    }
    for (String user : users) {
      if (!UserIds.isValid(user)) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field
            + "' holds an invalid user id");
      }
    }
    return users;
  }

  private Object lockFor(UserKey user) {
    return userLocks[Math.floorMod(user.hashCode(), LOCK_STRIPES)];
  }
}
