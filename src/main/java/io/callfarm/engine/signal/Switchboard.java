package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.auth.AuthCode;
import io.callfarm.engine.auth.AuthException;
import io.callfarm.engine.auth.UserIds;
import io.callfarm.engine.auth.UserSigVerifier;
import io.callfarm.engine.store.OfflineMessage;
import io.callfarm.engine.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's logic, independent of the transport: login, IM delivery (online or stored offline with
 * a push record), groups, presence, heartbeats and media rooms. Every frame gets an answer: an
 * {@code ack} when it carried an {@code id}, an {@code error} (code + message) when it was refused;
 * a bad frame never closes the connection or disturbs other sessions. Thread-safe: the transport may
 * call in from any thread, one frame at a time per peer.
 */
public final class Switchboard {
  private static final int LOCK_STRIPES = 256;

  private final ServerConfig config;
  private final Store store;
  private final Map<Long, String> appKeys;
  private final UserSigVerifier verifier = new UserSigVerifier();
  private final Clock clock;
  private final Map<Peer, PeerState> peers = new ConcurrentHashMap<>();
  private final Map<UserKey, PeerState> online = new ConcurrentHashMap<>();
  private final Object[] userLocks = new Object[LOCK_STRIPES];
  private final AtomicLong messageIds = new AtomicLong();
  private final Groups groups;
  private final Rooms rooms;

  /**
   * @param appKeys SDKAppID to secret key of every app this server accepts logins for
   */
  public Switchboard(ServerConfig config, Store store, Map<Long, String> appKeys, Clock clock) {
    this.config = config;
    this.store = store;
    this.appKeys = Map.copyOf(appKeys);
    this.clock = clock;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      userLocks[i] = new Object();
    }
    this.groups = new Groups(store);
    this.rooms = new Rooms(new CallLedger(store), this::sendTo);
  }

  public void opened(Peer peer) {
    peers.put(peer, new PeerState(peer, System.nanoTime()));
  }

  public void closed(Peer peer) {
    PeerState state = peers.remove(peer);
    if (state != null) {
      signOff(state);
    }
  }

  /** Handles one text frame from the peer. Never throws. */
  public void received(Peer peer, String text) {
    PeerState state = peers.get(peer);
    if (state == null) {
      return;
    }
    state.lastSeenNanos = System.nanoTime();
    Frame frame = null;
    try {
      frame = Frame.parse(text);
      if (text.length() > config.maxFrameChars()) {
        throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, "frame of " + text.length()
            + " characters exceeds the limit of " + config.maxFrameChars());
      }
      dispatch(state, frame.requireOp());
    } catch (ProtocolException e) {
      peer.send(Frames.error(frame == null ? -1 : frame.requestId(),
          frame == null ? null : frame.op(), e.code(), e.getMessage()));
    } catch (AuthException e) {
      peer.send(Frames.error(frame.requestId(), frame.op(), e.code().code(), e.getMessage()));
    } catch (RuntimeException e) {
      peer.send(Frames.error(frame == null ? -1 : frame.requestId(),
          frame == null ? null : frame.op(), 60000, "internal error: " + e));
      System.err.println("callfarm-signal: internal error on " + frame + ": " + e);
    }
  }

  /** Logs out sessions not heard from within the heartbeat timeout and closes unused rooms. */
  public void reap() {
    long now = System.nanoTime();
    long timeout = config.heartbeatTimeout().toNanos();
    for (PeerState state : peers.values()) {
      if (now - state.lastSeenNanos > timeout) {
        state.peer.send(Frames.error(-1, null, ErrorCode.HEARTBEAT_TIMEOUT.code(),
            "no heartbeat for " + config.heartbeatTimeout().toMillis() + " ms: logged out"));
        peers.remove(state.peer);
        signOff(state);
        state.peer.disconnect(1001, "heartbeat timeout");
      }
    }
    rooms.purgeUnused(now, config.roomRetention().toNanos(), clock.millis());
  }

  public int onlineUsers() {
    return online.size();
  }

  public int openRooms() {
    return rooms.size();
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
    UserKey me = state.user;
    if (me == null) {
      if (!isKnownOp(op)) {
        throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op '" + op + "'");
      }
      throw new ProtocolException(ErrorCode.NOT_LOGGED_IN, "'" + op + "' needs a login first");
    }
    if (frame.has("from") && !me.userId().equals(frame.node().path("from").asText())) {
      throw new ProtocolException(ErrorCode.NO_PERMISSION, "'" + me.userId()
          + "' cannot send as '" + frame.node().path("from").asText() + "'");
    }
    switch (op) {
      case "logout" -> {
        signOff(state);
        ack(state, frame);
      }
      case "c2c" -> sendC2c(state, me, frame);
      case "group.create" -> {
        String groupId = groupId(frame);
        List<String> members = userList(frame, "members");
        groups.create(me.sdkAppId(), groupId, me.userId(), members, clock.millis());
        ack(state, frame);
      }
      case "group.members" -> {
        Set<String> members = groups.members(me.sdkAppId(), groupId(frame));
        if (frame.requestId() >= 0) {
          ObjectNode ack = Frames.ack(frame.requestId());
          members.forEach(ack.putArray("members")::add);
          state.peer.send(ack);
        }
      }
      case "group.send" -> sendGroup(state, me, frame);
      case "presence" -> {
        ObjectNode ack = Frames.ack(frame.requestId());
        ObjectNode map = ack.putObject("online");
        for (String user : userList(frame, "users")) {
          map.put(user, online.containsKey(new UserKey(me.sdkAppId(), user)));
        }
        state.peer.send(ack);
      }
      case "room.enter" -> {
        int roomId = frame.positiveInt("roomId");
        rooms.enter(me, roomId, clock.millis(), others -> {
          state.rooms.add(roomId);
          ObjectNode ack = Frames.ack(frame.requestId()).put("roomId", roomId);
          ArrayNode members = ack.putArray("members");
          others.forEach(members::add);
          state.peer.send(ack);
        });
      }
      case "room.leave" -> {
        int roomId = frame.positiveInt("roomId");
        rooms.leave(me, roomId, clock.millis());
        state.rooms.remove(roomId);
        ack(state, frame);
      }
      case "media" -> relayMedia(state, me, frame);
      default -> throw new ProtocolException(ErrorCode.UNKNOWN_OP, "unknown op '" + op + "'");
    }
  }

  private static boolean isKnownOp(String op) {
    return switch (op) {
      case "logout", "c2c", "group.create", "group.members", "group.send", "presence",
          "room.enter", "room.leave", "media" -> true;
      default -> false;
    };
  }

  private void login(PeerState state, Frame frame) throws ProtocolException, AuthException {
    long app = frame.longValue("sdkAppId");
    String userId = frame.text("userId");
    String userSig = frame.text("userSig");
    if (state.user != null) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "this connection is already logged in as '"
          + state.user.userId() + "'; log out first");
    }
    UserIds.require(userId);
    String key = appKeys.get(app);
    if (key == null) {
      throw new AuthException(AuthCode.UNKNOWN_APP, "SDKAppID " + app + " is not configured");
    }
    verifier.verify(userSig, app, userId, key, clock.instant());
    UserKey user = new UserKey(app, userId);
    List<OfflineMessage> pending;
    synchronized (lockFor(user)) {
      PeerState previous = online.put(user, state);
      if (previous != null && previous != state) {
        kick(previous);
      }
      state.user = user;
      store.recordLogin(app, userId, clock.millis());
      pending = store.takeOffline(app, userId, clock.millis());
      state.peer.send(Frames.ack(frame.requestId()).put("userId", userId)
          .put("serverTime", clock.millis())
          .put("heartbeatTimeoutMs", config.heartbeatTimeout().toMillis()));
      for (OfflineMessage m : pending) {
        state.peer.send(message(m.id(), m.fromUser(), m.groupId(), m.sentAtMillis(),
            parseStored(m.data())).put("offline", true));
      }
    }
  }

  private void kick(PeerState previous) {
    previous.peer.send(Frames.error(-1, null, ErrorCode.KICKED_OFFLINE.code(),
        "'" + previous.user.userId() + "' logged in elsewhere; this session is closed")
        .put("op", "kicked"));
    leaveRooms(previous);
    previous.user = null;
    peers.remove(previous.peer);
    previous.peer.disconnect(1000, "logged in elsewhere");
  }

  private void sendC2c(PeerState state, UserKey me, Frame frame) throws ProtocolException {
    String to = frame.text("to");
    if (!UserIds.isValid(to)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "'to' is not a valid user id: " + to);
    }
    ObjectNode data = frame.object("data");
    ObjectNode push = frame.optionalObject("push");
    long now = clock.millis();
    long msgId = messageIds.incrementAndGet();
    observeSignalling(state, data, null, now);
    boolean delivered = deliver(new UserKey(me.sdkAppId(), to),
        message(msgId, me.userId(), null, now, data), push);
    if (frame.requestId() >= 0) {
      state.peer.send(Frames.ack(frame.requestId()).put("msgId", msgId).put("online", delivered));
    }
  }

  private void sendGroup(PeerState state, UserKey me, Frame frame) throws ProtocolException {
    String groupId = groupId(frame);
    Set<String> members = groups.members(me.sdkAppId(), groupId);
    if (!members.contains(me.userId())) {
      throw new ProtocolException(ErrorCode.NO_PERMISSION,
          "'" + me.userId() + "' is not a member of group '" + groupId + "'");
    }
    ObjectNode data = frame.object("data");
    ObjectNode push = frame.optionalObject("push");
    long now = clock.millis();
    long msgId = messageIds.incrementAndGet();
    observeSignalling(state, data, groupId, now);
    ObjectNode message = message(msgId, me.userId(), groupId, now, data);
    int onlineCount = 0;
    for (String member : members) {
      if (!member.equals(me.userId())
          && deliver(new UserKey(me.sdkAppId(), member), message, push)) {
        onlineCount++;
      }
    }
    if (frame.requestId() >= 0) {
      state.peer.send(Frames.ack(frame.requestId()).put("msgId", msgId).put("online", onlineCount));
    }
  }

  /** Delivers to the user's session, or stores it with its push record; returns whether online. */
  private boolean deliver(UserKey to, ObjectNode message, ObjectNode push) {
    synchronized (lockFor(to)) {
      PeerState target = online.get(to);
      if (target != null) {
        target.peer.send(message);
        return true;
      }
      String from = message.path("from").asText();
      String groupId = message.hasNonNull("groupId") ? message.get("groupId").asText() : null;
      store.storeOffline(new OfflineMessage(0, to.sdkAppId(), to.userId(), from, groupId,
              message.path("time").asLong(), message.get("data").toString()),
          push == null ? from + " sent you a message" : push.path("title").asText(""),
          push == null ? "default" : push.path("sound").asText(""),
          push == null ? message.get("data").toString() : pushPayload(push));
      return false;
    }
  }

  private static String pushPayload(ObjectNode push) {
    JsonNode payload = push.path("payload");
    return payload.isTextual() ? payload.asText() : payload.toString();
  }

  private void relayMedia(PeerState state, UserKey me, Frame frame) throws ProtocolException {
    String to = frame.text("to");
    int roomId = frame.positiveInt("roomId");
    ObjectNode data = frame.object("data");
    if (!rooms.bothInside(me.sdkAppId(), roomId, me.userId(), to)) {
      throw new ProtocolException(ErrorCode.NO_PERMISSION, "media to '" + to + "' needs both in room "
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
  private void observeSignalling(PeerState state, ObjectNode data, String groupId, long now) {
    UserKey sender = state.user;
    if (data.path("version").asInt(-1) != 4 || !data.path("action").isInt()
        || !data.path("room_id").canConvertToInt() || data.path("room_id").asInt() <= 0
        || !data.path("call_id").isTextual()) {
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
      if (rooms.dialing(sender.sdkAppId(), sender.userId(), roomId, callId, callGroup, invited,
          members, now, System.nanoTime())) {
        state.rooms.add(roomId);
      }
    } else {
      rooms.ledgerAction(sender.sdkAppId(), roomId, callId, action, sender.userId(), invited);
    }
  }

  private void signOff(PeerState state) {
    UserKey user = state.user;
    if (user == null) {
      return;
    }
    leaveRooms(state);
    state.user = null;
    online.remove(user, state);
  }

  private void leaveRooms(PeerState state) {
    UserKey user = state.user;
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

  private static ObjectNode message(long msgId, String from, String groupId, long time,
      JsonNode data) {
    ObjectNode message = Frame.JSON.createObjectNode().put("op", "msg").put("msgId", msgId)
        .put("from", from).put("time", time);
    if (groupId != null) {
      message.put("groupId", groupId);
    }
    message.set("data", data);
    return message;
  }

  private static JsonNode parseStored(String json) {
    try {
      return Frame.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored message is not JSON: " + json, e);
    }
  }

  private static String groupId(Frame frame) throws ProtocolException {
    String groupId = frame.text("groupId");
    if (!UserIds.isValid(groupId)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD,
          "group id '" + groupId + "' must be 1-32 characters of A-Z a-z 0-9 - _");
    }
    return groupId;
  }

  private static List<String> userList(Frame frame, String field) throws ProtocolException {
    List<String> users = frame.textList(field);
    for (String user : users) {
      if (!UserIds.isValid(user)) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' holds an invalid user id: '"
            + user + "'");
      }
    }
    return users;
  }

  private Object lockFor(UserKey user) {
    return userLocks[Math.floorMod(user.hashCode(), LOCK_STRIPES)];
  }
}
