package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.auth.UserIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The IM SDK's signalling (V2TIMSignalingManager: invite / inviteInGroup / accept / reject / cancel, each
 * with an inviteID, and a timeout the server runs), which TRTCCalling and TUICallKit use instead of the v4
 * custom messages. Every event reaches its recipients as an ordinary IM message whose {@code data} is
 * {@code {"signal": {actionType, inviteId, inviter, groupId, invitees, data, timeout}}} (actionType 1 invite,
 * 2 cancel, 3 accept, 4 reject, 5 timeout), so it is stored for offline users with its push record, expires
 * with the invitation, and is delivered again until acknowledged ({@link Delivery}). A v4 client sees a custom
 * message it does not understand and ignores it — which is why the old and new generations do not ring each
 * other.
 *
 * <p>Rules: only the inviter cancels, only a pending invitee accepts or rejects, each once; an invitation
 * whose invitees all answered is closed; at its timeout every invitee still pending gets a timeout event and
 * so does the inviter (for that list). An invitation with timeout 0 is sent and not kept (it cannot be
 * answered or cancelled: TRTCCalling uses one to say "hangup"). The payload's {@code room_id} (legacy top level
 * or {@code data.room_id}) admits the invitees to that media room and feeds the call record, as a v4 dialing
 * does. At most {@value #MAX_OPEN} invitations are open at once ({@link ErrorCode#OVERLOADED} beyond).
 *
 * <p>Thread-safe: each invitation is changed under its own monitor; the timeout thread is this class's own.
 */
final class Invitations implements AutoCloseable {

  static final int MAX_OPEN = 100_000;
  static final int MAX_TIMEOUT_SECONDS = 300;
  static final int MAX_DATA_CHARS = 8192;
  static final int INVITE = 1;
  static final int CANCEL = 2;
  static final int ACCEPT = 3;
  static final int REJECT = 4;
  static final int TIMEOUT = 5;

  /** Hands an event to one recipient (stored, pushed when offline); completes after the commit. */
  @FunctionalInterface
  interface Sender {
    CompletableFuture<Delivery.Accepted> send(UserKey to, String from, String groupId, ObjectNode data,
        Delivery.PushContent push);
  }

  /** Where the server's room admission and call records learn of calls signalled this way. */
  interface Observer {
    /** An invitation to a call in {@code roomId}. */
    void invited(UserKey inviter, int roomId, String groupId, List<String> invitees);

    /** A v4-equivalent action (2 cancel, 3 reject, 4 timeout, 5 hangup, 6 line busy) in {@code roomId}. */
    void action(long app, int roomId, int v4Action, String sender, List<String> users);
  }

  private static final class Invitation {
    final String id;
    final UserKey inviter;
    final String groupId;
    final String data;
    final int timeoutSeconds;
    final int roomId;
    final List<String> invitees;
    final Set<String> pending;
    ScheduledFuture<?> timer;

    Invitation(String id, UserKey inviter, String groupId, String data, int timeoutSeconds, int roomId,
        List<String> invitees) {
      this.id = id;
      this.inviter = inviter;
      this.groupId = groupId;
      this.data = data;
      this.timeoutSeconds = timeoutSeconds;
      this.roomId = roomId;
      this.invitees = List.copyOf(invitees);
      this.pending = new LinkedHashSet<>(invitees);
    }
  }

  private final Sender sender;
  private final Observer observer;
  private final Clock clock;
  private final Map<String, Invitation> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "callfarm-signal-invitations");
    t.setDaemon(true);
    return t;
  });

  Invitations(Sender sender, Observer observer, Clock clock) {
    this.sender = sender;
    this.observer = observer;
    this.clock = clock;
  }

  /** Open invitations right now. */
  int size() {
    return open.size();
  }

  /**
   * {@code signal.invite}: {@code invitees} (user ids), optional {@code groupId} (the caller checked
   * membership), {@code data} (the payload, a string), {@code timeout} seconds (0..300; 0 = not kept).
   *
   * @return the new inviteId
   */
  String invite(UserKey inviter, List<String> invitees, String groupId, String data, int timeoutSeconds,
      Delivery.PushContent push) throws ProtocolException {
    if (invitees.isEmpty()) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "an invitation needs at least one invitee");
    }
    for (String user : invitees) {
      if (!UserIds.isValid(user) || user.equals(inviter.userId())) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, "invitee '" + user
            + "' is not a valid user id other than the inviter's");
      }
    }
    if (timeoutSeconds < 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "timeout must be 0.." + MAX_TIMEOUT_SECONDS
          + " seconds, got " + timeoutSeconds);
    }
    if (data.length() > MAX_DATA_CHARS) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "invitation data of " + data.length()
          + " characters exceeds " + MAX_DATA_CHARS);
    }
    if (timeoutSeconds > 0 && open.size() >= MAX_OPEN) {
      throw new ProtocolException(ErrorCode.OVERLOADED, MAX_OPEN + " invitations are open; retry later");
    }
    String id = UUID.randomUUID().toString();
    List<String> distinct = List.copyOf(new LinkedHashSet<>(invitees));
    int roomId = roomOf(data);
    Invitation invitation = new Invitation(id, inviter, groupId, data, timeoutSeconds, roomId, distinct);
    if (roomId > 0) {
      if ("hangup".equals(cmdOf(data))) {
        observer.action(inviter.sdkAppId(), roomId, 5, inviter.userId(), distinct);
      } else {
        observer.invited(inviter, roomId, groupId, distinct);
      }
    }
    if (timeoutSeconds > 0) {
      synchronized (invitation) {
        open.put(id, invitation);
        invitation.timer = timers.schedule(() -> timedOut(invitation), timeoutSeconds, TimeUnit.SECONDS);
      }
    }
    for (String user : distinct) {
      send(invitation, INVITE, inviter.userId(), user, distinct, push);
    }
    return id;
  }

  /** {@code signal.accept}: a pending invitee answers yes. */
  void accept(UserKey invitee, String inviteId, String data) throws ProtocolException {
    Invitation invitation = answered(invitee, inviteId);
    others(invitation, invitee.userId())
        .forEach(user -> send(invitation, ACCEPT, invitee.userId(), user, List.of(invitee.userId()), data));
  }

  /** {@code signal.reject}: a pending invitee answers no (a payload with {@code line_busy}: it is busy). */
  void reject(UserKey invitee, String inviteId, String data) throws ProtocolException {
    Invitation invitation = answered(invitee, inviteId);
    if (invitation.roomId > 0) {
      observer.action(invitee.sdkAppId(), invitation.roomId, isLineBusy(data) ? 6 : 3, invitee.userId(),
          List.of(invitee.userId()));
    }
    others(invitation, invitee.userId())
        .forEach(user -> send(invitation, REJECT, invitee.userId(), user, List.of(invitee.userId()), data));
  }

  /** {@code signal.cancel}: the inviter withdraws; every invitee still pending is told. */
  void cancel(UserKey inviter, String inviteId, String data) throws ProtocolException {
    Invitation invitation = open.get(inviteId);
    if (invitation == null || !invitation.inviter.equals(inviter)) {
      throw notFoundOrNotYours(invitation, inviteId, "only its inviter cancels an invitation");
    }
    List<String> pending;
    synchronized (invitation) {
      if (open.remove(inviteId) == null) {
        throw notFound(inviteId);
      }
      cancelTimer(invitation);
      pending = List.copyOf(invitation.pending);
      invitation.pending.clear();
    }
    if (invitation.roomId > 0) {
      observer.action(inviter.sdkAppId(), invitation.roomId, 2, inviter.userId(), pending);
    }
    pending.forEach(user -> send(invitation, CANCEL, inviter.userId(), user, pending, data));
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }

  private Invitation answered(UserKey invitee, String inviteId) throws ProtocolException {
    Invitation invitation = open.get(inviteId);
    if (invitation == null || invitation.inviter.sdkAppId() != invitee.sdkAppId()) {
      throw notFound(inviteId);
    }
    synchronized (invitation) {
      if (!invitation.pending.remove(invitee.userId())) {
        throw new ProtocolException(ErrorCode.SIGNAL_NO_PERMISSION, "'" + invitee.userId()
            + "' has no unanswered invitation " + inviteId);
      }
      if (invitation.pending.isEmpty()) {
        open.remove(inviteId);
        cancelTimer(invitation);
      }
    }
    return invitation;
  }

  /** The inviter and, in a group invitation, every other invitee: who learns of an answer. */
  private static List<String> others(Invitation invitation, String answering) {
    List<String> told = new ArrayList<>();
    told.add(invitation.inviter.userId());
    if (invitation.groupId != null) {
      invitation.invitees.stream().filter(u -> !u.equals(answering)).forEach(told::add);
    }
    return told;
  }

  private void timedOut(Invitation invitation) {
    List<String> expired;
    synchronized (invitation) {
      if (open.remove(invitation.id) == null) {
        return;
      }
      expired = List.copyOf(invitation.pending);
      invitation.pending.clear();
    }
    if (expired.isEmpty()) {
      return;
    }
    if (invitation.roomId > 0) {
      observer.action(invitation.inviter.sdkAppId(), invitation.roomId, 4, invitation.inviter.userId(),
          expired);
    }
    String server = invitation.inviter.userId();
    expired.forEach(user -> send(invitation, TIMEOUT, server, user, List.of(user), invitation.data));
    send(invitation, TIMEOUT, server, server, expired, invitation.data);
  }

  private void send(Invitation invitation, int actionType, String from, String to, List<String> invitees,
      Delivery.PushContent push) {
    sender.send(new UserKey(invitation.inviter.sdkAppId(), to), from, invitation.groupId,
        event(invitation, actionType, invitees, invitation.data), push).exceptionally(failure -> null);
  }

  private void send(Invitation invitation, int actionType, String from, String to, List<String> invitees,
      String data) {
    String payload = data == null || data.isEmpty() ? invitation.data : data;
    ObjectNode event = event(invitation, actionType, invitees, payload);
    sender.send(new UserKey(invitation.inviter.sdkAppId(), to), from, invitation.groupId, event,
        new Delivery.PushContent("", "", event.toString())).exceptionally(failure -> null);
  }

  private ObjectNode event(Invitation invitation, int actionType, List<String> invitees, String data) {
    ObjectNode body = Frame.JSON.createObjectNode();
    ObjectNode signal = body.putObject("signal");
    signal.put("actionType", actionType).put("inviteId", invitation.id)
        .put("inviter", invitation.inviter.userId()).put("timeout", invitation.timeoutSeconds)
        .put("data", data).put("time", clock.millis());
    if (invitation.groupId != null) {
      signal.put("groupId", invitation.groupId);
    }
    ArrayNode list = signal.putArray("invitees");
    invitees.forEach(list::add);
    return body;
  }

  private static void cancelTimer(Invitation invitation) {
    if (invitation.timer != null) {
      invitation.timer.cancel(false);
    }
  }

  private static ProtocolException notFound(String inviteId) {
    return new ProtocolException(ErrorCode.SIGNAL_INVALID_INVITE, "invitation " + inviteId
        + " is not open (unknown, answered, cancelled or timed out)");
  }

  private static ProtocolException notFoundOrNotYours(Invitation invitation, String inviteId, String rule) {
    return invitation == null ? notFound(inviteId) : new ProtocolException(ErrorCode.SIGNAL_NO_PERMISSION,
        rule + "; " + inviteId + " is " + invitation.inviter.userId() + "'s");
  }

  /** The media room a payload names: {@code room_id} at the top (TRTCCalling's legacy fields) or in {@code data}. */
  static int roomOf(String data) {
    JsonNode payload = parse(data);
    JsonNode room = payload.path("room_id");
    if (!room.canConvertToInt()) {
      room = payload.path("data").path("room_id");
    }
    return room.canConvertToInt() && room.asInt() > 0 ? room.asInt() : 0;
  }

  private static String cmdOf(String data) {
    return parse(data).path("data").path("cmd").asText("");
  }

  private static boolean isLineBusy(String data) {
    JsonNode payload = parse(data);
    return payload.has("line_busy") || "lineBusy".equals(payload.path("data").path("message").asText());
  }

  private static JsonNode parse(String data) {
    try {
      JsonNode node = Frame.JSON.readTree(data == null ? "" : data);
      return node == null ? Frame.JSON.createObjectNode() : node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Frame.JSON.createObjectNode();
    }
  }
}
