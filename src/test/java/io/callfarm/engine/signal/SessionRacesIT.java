package io.callfarm.engine.signal;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.testng.annotations.Test;

/**
 * The session races the issue found by reading the code, each staged deterministically at the
 * racy point (a named {@link Interleaving} point runs the competing step on another thread). With
 * correct locking the competing step waits its turn; without it the server ends up with a user online
 * on a dead connection or in a room nobody leaves.
 */
@Test(groups = "integration")
public class SessionRacesIT {
  private static final ServerConfig CONFIG = ServerConfig.defaults()
      .withHeartbeatTimeout(Duration.ofMinutes(10)).withRoomRetention(Duration.ofSeconds(1));

  /**
   * A user reconnects (login on B) while its old connection A closes: before the fix the close
   * cleared A's user under the takeover, the login died with 60000 (NPE) and every later login of
   * that user failed the same way.
   */
  @Test(timeOut = 20_000)
  public void loginTakingOverAClosingSessionWorksAndLaterLoginsToo() throws Exception {
    try (Board board = new Board(CONFIG)) {
      TestPeer a = board.login("ursula");
      TestPeer v = board.login("victor");
      AtomicBoolean armed = new AtomicBoolean(true);
      AtomicReference<Thread> staged = new AtomicReference<>();
      board.switchboard.interleaving(point -> {
        if (point.equals("login.takeover") && armed.compareAndSet(true, false)) {
          try {
            staged.set(Board.interleave(() -> board.switchboard.closed(a)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      TestPeer b = board.connect();
      JsonNode answer = b.answer(board.sendLogin(b, "ursula"));
      assertEquals(answer.path("op").asText(), "ack", "the reconnecting login: " + answer);
      assertTrue(!armed.get(), "the takeover point was reached");
      staged.get().join(5_000);

      TestPeer c = board.connect();
      assertEquals(c.answer(board.sendLogin(c, "ursula")).path("op").asText(), "ack",
          "a later login of the same user");
      b.expect(f -> f.path("op").asText().equals("kicked"), "B replaced by C");
      JsonNode online = board.call(v, "presence", "\"users\":[\"ursula\"]");
      assertTrue(online.path("online").path("ursula").asBoolean(), online.toString());
      assertEquals(board.switchboard.onlineUsers(), 2);
      long sent = board.request(v, "c2c", "\"to\":\"ursula\",\"data\":{\"text\":\"hi\"}");
      assertEquals(v.answer(sent).path("online").asBoolean(), true);
      JsonNode msg = c.expect(f -> f.path("op").asText().equals("msg"), "the message at C");
      assertEquals(msg.path("data").path("text").asText(), "hi");
    }
  }

  /**
   * A session is kicked while it enters a room: before the fix the kick cleared the session's rooms
   * from the other thread just before the entry was recorded, so the kicked user stayed in the room
   * for ever (the others never saw it leave, the room never closed).
   */
  @Test(timeOut = 20_000)
  public void aSessionKickedWhileEnteringARoomLeavesIt() throws Exception {
    try (Board board = new Board(CONFIG)) {
      TestPeer victor = board.login("victor");
      TestPeer ursula = board.login("ursula");
      int roomId = 5151;
      assertEquals(board.call(victor, "c2c", "\"to\":\"ursula\","
          + Board.dialing("call-1", roomId, "ursula")).path("op").asText(), "ack");
      assertEquals(board.call(victor, "room.enter", "\"roomId\":" + roomId).path("op").asText(),
          "ack");
      AtomicBoolean armed = new AtomicBoolean(true);
      AtomicReference<Thread> staged = new AtomicReference<>();
      TestPeer again = board.connect();
      board.switchboard.interleaving(point -> {
        if (point.equals("room.enter.entered") && armed.compareAndSet(true, false)) {
          try {
            staged.set(Board.interleave(() -> {
              try {
                board.sendLogin(again, "ursula");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      board.request(ursula, "room.enter", "\"roomId\":" + roomId);
      assertTrue(!armed.get(), "the entry point was reached");
      staged.get().join(5_000);
      ursula.expect(f -> f.path("op").asText().equals("kicked"), "the first session kicked");
      victor.expect(f -> f.path("event").asText().equals("leave")
          && f.path("userId").asText().equals("ursula"), "ursula leaving the room");
      assertEquals(board.switchboard.roomMembers(roomId), List.of("victor"));
    }
  }

  /**
   * The reaper ends a silent connection while its login completes: before the fix the login
   * published the user on the connection the reaper had just removed and closed, so the user showed
   * online for ever and messages to it went nowhere.
   */
  @Test(timeOut = 20_000)
  public void aConnectionReapedDuringItsLoginNeverComesOnline() throws Exception {
    ServerConfig shortHeartbeat = CONFIG.withHeartbeatTimeout(Duration.ofSeconds(15));
    try (Board board = new Board(shortHeartbeat)) {
      TestPeer victor = board.connect();
      AtomicBoolean armed = new AtomicBoolean(true);
      AtomicReference<Thread> staged = new AtomicReference<>();
      TestPeer silent = board.connect();
      board.switchboard.interleaving(point -> {
        if (point.equals("login.verified") && armed.compareAndSet(true, false)) {
          try {
            staged.set(Board.interleave(() -> {
              board.nanos.addAndGet(Duration.ofSeconds(16).toNanos());
              board.switchboard.reap();
            }));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      JsonNode answer = silent.answer(board.sendLogin(silent, "ursula"));
      staged.get().join(5_000);
      board.switchboard.interleaving(Interleaving.NONE);
      assertEquals(answer.path("op").asText(), "error", "a reaped connection's login: " + answer);
      assertTrue(silent.closeCode() > 0, "the reaped connection was closed");
      assertEquals(board.switchboard.onlineUsers(), 0, "nobody online on a closed connection");
      // victor's connection was silent too and went with the reaper; a fresh one checks presence
      assertTrue(victor.closeCode() > 0);
      TestPeer fresh = board.login("victor");
      JsonNode online = board.call(fresh, "presence", "\"users\":[\"ursula\"]");
      assertEquals(online.path("online").path("ursula").asBoolean(), false, online.toString());
    }
  }

  /**
   * A room closes (nobody entered within the retention) between the lookup and the lock of an
   * entry: before the fix the user entered the closed room object, got an ack and sat in a room
   * no other user could reach.
   */
  @Test(timeOut = 20_000)
  public void enteringARoomThatJustClosedIsRefused() throws Exception {
    try (Board board = new Board(CONFIG)) {
      TestPeer victor = board.login("victor");
      TestPeer ursula = board.login("ursula");
      int roomId = 6161;
      board.call(victor, "c2c", "\"to\":\"ursula\"," + Board.dialing("call-2", roomId, "ursula"));
      assertEquals(board.switchboard.openRooms(), 1);
      AtomicBoolean armed = new AtomicBoolean(true);
      AtomicReference<Thread> staged = new AtomicReference<>();
      board.switchboard.interleaving(point -> {
        if (point.equals("room.enter.found") && armed.compareAndSet(true, false)) {
          try {
            staged.set(Board.interleave(() -> {
              board.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
              board.switchboard.reap();
            }));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      JsonNode answer = board.call(ursula, "room.enter", "\"roomId\":" + roomId);
      staged.get().join(5_000);
      assertEquals(answer.path("op").asText(), "error", "entering a closed room: " + answer);
      assertEquals(answer.path("code").asInt(), ErrorCode.NO_PERMISSION.code());
      assertEquals(board.switchboard.openRooms(), 0);
      assertEquals(board.switchboard.roomMembers(roomId), List.of());
    }
  }
}
