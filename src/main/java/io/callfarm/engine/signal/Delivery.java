package io.callfarm.engine.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.store.PushRecord;
import io.callfarm.engine.store.Store;
import io.callfarm.engine.store.StoreException;
import io.callfarm.engine.store.StoredMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IM delivery that loses nothing it acknowledged. Every message is written to the {@link Store}
 * before the sender's ack (the ack follows the commit); a message counts as delivered only when its
 * recipient acknowledges it ({@code msg.ack}), so one in flight when a connection or the engine dies
 * is delivered again at the next login (clients drop duplicates by {@code msgId}).
 *
 * <p>Flow control per session: while fewer than {@code liveWindow} messages are unacknowledged,
 * new ones are sent at once (and stored in parallel); beyond that, and right after a login, they wait
 * in the store and a pump sends them in id order, a window at a time, as acknowledgements come. A
 * slow reader therefore holds at most a window of messages in the server's memory and is never
 * disconnected for being slow; what it cannot take yet is bounded by the per-recipient cap
 * ({@link ErrorCode#RECIPIENT_FULL} to the sender).
 *
 * <p>Every method touching a session's {@link PeerState.Mailbox} holds that user's stripe lock.
 */
final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
  /** Message ids one engine run hands out: run r uses r * 2^32 + 1 .. (r + 1) * 2^32 - 1. */
  static final long IDS_PER_RUN = 1L << 32;
  /** Stored messages the pump keeps unacknowledged at most (never more than the live window). */
  static final int PUMP_WINDOW = 64;

  private final Store store;
  private final ServerConfig.Limits limits;
  private final Clock clock;
  private final Map<UserKey, PeerState> online;
  private final Function<UserKey, Object> locks;
  private long lastId;
  private final long lastIdOfRun;

  Delivery(Store store, ServerConfig.Limits limits, Clock clock, Map<UserKey, PeerState> online,
      Function<UserKey, Object> locks) {
    this.store = store;
    this.limits = limits;
    this.clock = clock;
    this.online = online;
    this.locks = locks;
    // a message goes out live before its commit: one a crash kept from the file may have reached a
    // client, so ids start above the earlier runs' whole ranges, not above what the file holds
    this.lastId = store.run() * IDS_PER_RUN;
    this.lastIdOfRun = (store.run() + 1) * IDS_PER_RUN - 1;
  }

  /** What the sender is told once the message is committed. */
  record Accepted(long msgId, boolean online) {}

  /**
   * Takes responsibility for one message to {@code to}: stores it, and sends it now when the
   * recipient is online with room in its live window.
   *
   * @param push what the push would show when the recipient is offline
   * @param signalling a v4 call message: expires with the invitation timeout
   * @return completes after the commit, or fails with the store's refusal (nothing was sent then,
   *     except for a commit failure of a message already sent live)
   */
  CompletableFuture<Accepted> deliver(UserKey to, String from, String groupId, ObjectNode data,
      PushContent push, boolean signalling) {
    long now = clock.millis();
    long expires = now + (signalling ? limits.signallingExpiry() : limits.messageExpiry()).toMillis();
    synchronized (locks.apply(to)) {
      long id = nextId();
      if (id > lastIdOfRun) {
        return CompletableFuture.failedFuture(new StoreException(StoreException.Reason.FAILED,
            "this engine run has used all its " + IDS_PER_RUN + " message ids; restart the engine", null));
      }
      PeerState target = online.get(to);
      StoredMessage stored = new StoredMessage(id, to.sdkAppId(), to.userId(), from, groupId, now,
          expires, data.toString(), target == null);
      PushRecord pushRecord = target != null ? null
          : new PushRecord(id, to.userId(), push.title(), push.sound(), push.payload(), now);
      PeerState.Mailbox box = target == null ? null : target.mailbox;
      boolean live = box != null && box.live && box.inFlight.size() < limits.liveWindow();
      CompletableFuture<Void> written = store.storeMessage(stored, pushRecord,
          live ? 0 : limits.undeliveredPerRecipient());
      if (written.isCompletedExceptionally()) {
        return written.thenApply(v -> new Accepted(id, target != null)); // refused at the door
      }
      if (live) {
        send(target, message(id, from, groupId, now, data, false));
      } else if (box != null) {
        box.live = false;
        box.unsettled++;
        written.whenComplete((ok, failure) -> settled(target, to));
      }
      return written.thenApply(v -> new Accepted(id, target != null));
    }
  }

  /** The contents of an offline push record. */
  record PushContent(String title, String sound, String payload) {}

  /** A fresh login: start from the store (undelivered messages of earlier sessions first). */
  void loggedIn(PeerState state, UserKey user) {
    synchronized (locks.apply(user)) {
      PeerState.Mailbox box = state.mailbox;
      box.live = false;
      box.pumping = false;
      box.cursor = 0;
      box.unsettled = 0;
      box.inFlight.clear();
      pump(state, user);
    }
  }

  /** The recipient acknowledged {@code ids}: delivered; the window moves on. */
  void acknowledged(PeerState state, UserKey user, Collection<Long> ids) {
    store.markDelivered(user.sdkAppId(), user.userId(), ids, clock.millis());
    synchronized (locks.apply(user)) {
      state.mailbox.inFlight.removeAll(ids);
      if (!state.mailbox.live) {
        pump(state, user);
      }
    }
  }

  /** Restarts a pump a failed store read left idle (called by the reaper). */
  void resume(PeerState state, UserKey user) {
    synchronized (locks.apply(user)) {
      PeerState.Mailbox box = state.mailbox;
      if (!box.live && !box.pumping && box.inFlight.isEmpty()) {
        pump(state, user);
      }
    }
  }

  private void settled(PeerState state, UserKey user) {
    synchronized (locks.apply(user)) {
      state.mailbox.unsettled--;
      pump(state, user);
    }
  }

  /** Sends the next window of stored messages; goes live once the store holds no more. */
  private void pump(PeerState state, UserKey user) {
    PeerState.Mailbox box = state.mailbox;
    int room = Math.min(limits.liveWindow(), PUMP_WINDOW) - box.inFlight.size();
    if (box.live || box.pumping || room <= 0 || online.get(user) != state) {
      return;
    }
    box.pumping = true;
    long after = box.cursor;
    store.undelivered(user.sdkAppId(), user.userId(), after, room, clock.millis())
        .whenComplete((messages, failure) -> {
          synchronized (locks.apply(user)) {
            box.pumping = false;
            if (online.get(user) != state) {
              return;
            }
            if (failure != null) {
              LOG.warn("delivering stored messages to {} paused: {}", user, failure.toString());
              return; // the reaper resumes it
            }
            for (StoredMessage m : messages) {
              if (m.id() > box.cursor) {
                send(state, message(m.id(), m.fromUser(), m.groupId(), m.sentAtMillis(),
                    parse(m.data()), m.offline()));
              }
            }
            if (messages.size() < room && box.unsettled == 0) {
              box.live = true; // drained, and nothing is on its way into the store
            } else if (messages.size() < room) {
              return; // an insert still settling calls the pump again
            } else {
              pump(state, user); // a full window: continues as far as the window allows
            }
          }
        });
  }

  private void send(PeerState state, ObjectNode frame) {
    long id = frame.get("msgId").asLong();
    state.mailbox.inFlight.add(id);
    state.mailbox.cursor = Math.max(state.mailbox.cursor, id);
    state.peer.send(frame);
  }

  private synchronized long nextId() {
    return ++lastId;
  }

  static ObjectNode message(long msgId, String from, String groupId, long time, JsonNode data,
      boolean offline) {
    ObjectNode message = Frame.JSON.createObjectNode().put("op", "msg").put("msgId", msgId)
        .put("from", from).put("time", time);
    if (groupId != null) {
      message.put("groupId", groupId);
    }
    message.set("data", data);
    if (offline) {
      message.put("offline", true);
    }
    return message;
  }

  private static JsonNode parse(String json) {
    try {
      return Frame.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("a stored message is not JSON: " + e.getMessage(), e);
    }
  }

  /** The message ids a {@code msg.ack} may carry at most. */
  static final int MAX_ACK_IDS = 1000;

  static List<Long> ackIds(Frame frame) throws ProtocolException {
    JsonNode ids = frame.node().get("msgIds");
    if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_ACK_IDS) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'msgIds' of op 'msg.ack' must be "
          + "an array of 1.." + MAX_ACK_IDS + " message ids");
    }
    List<Long> out = new java.util.ArrayList<>(ids.size());
    for (JsonNode id : ids) {
      if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'msgIds' of op 'msg.ack' holds "
            + id + ", not a message id");
      }
      out.add(id.asLong());
    }
    return out;
  }
}
