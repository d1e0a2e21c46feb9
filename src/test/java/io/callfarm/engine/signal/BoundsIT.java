package io.callfarm.engine.signal;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.auth.AppSecret;
import io.callfarm.engine.auth.UserSigIssuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testng.annotations.Test;

/**
 * Every bound of {@link ServerConfig.Limits} holds and refuses with its code; the refused request
 * has no effect. Driven frame by frame on a real database with a clock the test moves.
 */
@Test(groups = "integration")
public class BoundsIT {
  private static final ServerConfig BASE = ServerConfig.defaults()
      .withHeartbeatTimeout(Duration.ofMinutes(10));

  @Test
  public void unauthenticatedConnectionsAreCappedPerAddressAndMustLogInInTime() throws Exception {
    ServerConfig config = BASE.withLimits(ServerConfig.Limits.defaults()
        .withUnauthenticatedPerAddress(3).withLoginDeadline(Duration.ofSeconds(2)));
    try (Board board = new Board(config)) {
      TestPeer first = board.connect();
      TestPeer second = board.connect();
      TestPeer third = board.connect();
      TestPeer fourth = board.connect();
      JsonNode refused = fourth.expect(f -> f.path("op").asText().equals("error"), "a refusal");
      assertEquals(refused.path("code").asInt(), ErrorCode.TOO_MANY_CONNECTIONS.code());
      assertEquals(fourth.closeCode(), 1008);
      assertEquals(first.closeCode(), -1);

      board.sendLogin(first, "alice"); // a login frees its slot
      TestPeer fifth = board.connect();
      assertEquals(fifth.closeCode(), -1, "room for one more after a login");

      // pings answer, but do not extend the login deadline
      board.advance(Duration.ofMillis(1500));
      assertEquals(board.call(second, "ping", "").path("op").asText(), "pong");
      board.advance(Duration.ofMillis(1000));
      board.switchboard.reap();
      JsonNode late = second.expect(f -> f.path("op").asText().equals("error"), "the deadline");
      assertEquals(late.path("code").asInt(), ErrorCode.LOGIN_DEADLINE.code());
      assertEquals(second.closeCode(), 1008);
      assertEquals(third.closeCode(), 1008);
      assertEquals(first.closeCode(), -1, "the logged-in connection stays");
      assertEquals(board.call(first, "ping", "").path("op").asText(), "pong");
    }
  }

  @Test
  public void failedLoginsAreThrottledPerConnectionAndPerUser() throws Exception {
    try (Board board = new Board(BASE)) {
      String forged = new UserSigIssuer(Board.APP, AppSecret.of("not-the-key-0123456789abcdef"))
          .issue("mallory", Duration.ofMinutes(5));
      TestPeer attacker = board.connect();
      for (int i = 1; i <= 4; i++) {
        assertEquals(login(board, attacker, "mallory", forged).path("code").asInt(), 70009);
        assertEquals(attacker.closeCode(), -1);
      }
      assertEquals(login(board, attacker, "mallory", forged).path("code").asInt(), 70009);
      JsonNode closed = attacker.expect(f -> f.path("code").asInt() == 60020, "the throttle");
      assertTrue(closed.path("message").asText().contains("5 failed logins"), closed.toString());
      assertEquals(attacker.closeCode(), 1008, "the fifth failure closes the connection");

      // per user and address: 10 failures a minute, then refused unverified, even a valid UserSig
      for (int i = 0; i < 5; i++) {
        assertEquals(login(board, board.connect(), "mallory", forged).path("code").asInt(), 70009);
      }
      TestPeer legit = board.connect();
      long id = board.sendLogin(legit, "mallory");
      JsonNode throttled = legit.answer(id);
      assertEquals(throttled.path("code").asInt(), 60020, throttled.toString());
      assertTrue(throttled.path("message").asText().contains("retry in"), throttled.toString());
      TestPeer other = board.connect();
      assertEquals(other.answer(board.sendLogin(other, "someone_else")).path("op").asText(), "ack",
          "another user from the same address is not affected");
      board.advance(Duration.ofSeconds(7)); // one failure's worth of budget back (10 per minute)
      TestPeer later = board.connect();
      assertEquals(later.answer(board.sendLogin(later, "mallory")).path("op").asText(), "ack");
    }
  }

  @Test
  public void groupFanOutAndDialingsAreRateLimited() throws Exception {
    ServerConfig config = BASE.withLimits(ServerConfig.Limits.defaults().withFanOutPerSecond(10)
        .withDialingsPerSecond(2));
    try (Board board = new Board(config)) {
      List<String> members = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7");
      board.switchboard.provisionGroup("big", "owner", members);
      TestPeer owner = board.login("owner");
      TestPeer m1 = board.login("m1");
      JsonNode sent = board.call(owner, "group.send", "\"groupId\":\"big\",\"data\":{\"n\":1}");
      assertEquals(sent.path("op").asText(), "ack", sent.toString());
      assertEquals(sent.path("stored").asInt(), 7);
      JsonNode limited = board.call(owner, "group.send", "\"groupId\":\"big\",\"data\":{\"n\":2}");
      assertEquals(limited.path("code").asInt(), ErrorCode.RATE_LIMITED.code(), limited.toString());
      assertTrue(limited.path("message").asText().contains("10 recipients per second"));
      board.advance(Duration.ofSeconds(1));
      assertEquals(board.call(owner, "group.send", "\"groupId\":\"big\",\"data\":{\"n\":3}")
          .path("op").asText(), "ack");
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        got.add(m1.expect(f -> f.path("op").asText().equals("msg"), "group message").path("data")
            .path("n").asInt());
      }
      assertEquals(got, List.of(1, 3), "the refused message went nowhere");

      TestPeer caller = board.login("caller");
      TestPeer callee = board.login("callee");
      for (int i = 1; i <= 4; i++) { // a burst of twice the rate
        assertEquals(board.call(caller, "c2c", "\"to\":\"callee\","
            + Board.dialing("c" + i, 700 + i, "callee")).path("op").asText(), "ack");
      }
      JsonNode tooMany = board.call(caller, "c2c", "\"to\":\"callee\","
          + Board.dialing("c5", 705, "callee"));
      assertEquals(tooMany.path("code").asInt(), ErrorCode.RATE_LIMITED.code(), tooMany.toString());
      assertEquals(board.switchboard.openRooms(), 4, "no room (and no call record) for it");
      for (int i = 1; i <= 4; i++) {
        callee.expect(f -> f.path("op").asText().equals("msg"), "dialing " + i);
      }
    }
  }

  @Test
  public void groupsAreCappedInMembers() throws Exception {
    ServerConfig config = BASE.withLimits(ServerConfig.Limits.defaults().withGroupMembers(5));
    try (Board board = new Board(config)) {
      TestPeer owner = board.login("owner");
      JsonNode full = board.call(owner, "group.create",
          "\"groupId\":\"g1\",\"members\":[\"a1\",\"a2\",\"a3\",\"a4\",\"a5\"]");
      assertEquals(full.path("code").asInt(), ErrorCode.GROUP_FULL.code(), full.toString());
      assertEquals(board.call(owner, "group.create",
          "\"groupId\":\"g1\",\"members\":[\"a1\",\"a2\",\"a3\",\"a4\"]").path("op").asText(), "ack",
          "the refused create left the id free");
      JsonNode more = board.call(owner, "group.invite", "\"groupId\":\"g1\",\"members\":[\"a5\"]");
      assertEquals(more.path("code").asInt(), ErrorCode.GROUP_FULL.code(), more.toString());
    }
  }

  @Test
  public void storedMessagesAreCappedPerRecipientAndCallSignallingExpires() throws Exception {
    ServerConfig config = BASE.withLimits(ServerConfig.Limits.defaults()
        .withUndeliveredPerRecipient(5));
    try (Board board = new Board(config)) {
      TestPeer alice = board.login("alice");
      for (int i = 1; i <= 5; i++) {
        assertEquals(board.call(alice, "c2c", "\"to\":\"bob\",\"data\":{\"n\":" + i + "}")
            .path("online").asBoolean(), false);
      }
      JsonNode full = board.call(alice, "c2c", "\"to\":\"bob\",\"data\":{\"n\":6}");
      assertEquals(full.path("code").asInt(), ErrorCode.RECIPIENT_FULL.code(), full.toString());

      board.call(alice, "c2c", "\"to\":\"carol\"," + Board.dialing("old-call", 4321, "carol"));
      board.call(alice, "c2c", "\"to\":\"carol\",\"data\":{\"text\":\"a plain message\"}");
      board.advance(Duration.ofSeconds(31)); // past the invitation timeout: the dialing expired

      TestPeer bob = board.login("bob");
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        JsonNode m = bob.expect(f -> f.path("op").asText().equals("msg"), "stored message " + i);
        assertTrue(m.path("offline").asBoolean(), m.toString());
        got.add(m.path("data").path("n").asInt());
      }
      assertEquals(got, List.of(1, 2, 3, 4, 5));
      TestPeer carol = board.login("carol");
      JsonNode first = carol.expect(f -> f.path("op").asText().equals("msg"), "carol's messages");
      assertEquals(first.path("data").path("text").asText(), "a plain message",
          "the expired dialing is not delivered: " + first);
    }
  }

  @Test
  public void requestIdsThatCannotBeEchoedAreRefusedAndNotRun() throws Exception {
    try (Board board = new Board(BASE)) {
      TestPeer alice = board.login("alice");
      TestPeer bob = board.login("bob");
      for (String id : List.of("\"seven\"", "-1", "1e400", "9007199254740992", "1.5", "[1]")) {
        board.switchboard.received(alice, "{\"op\":\"c2c\",\"id\":" + id
            + ",\"to\":\"bob\",\"data\":{\"id\":" + id + "}}");
        JsonNode error = alice.expect(f -> f.path("op").asText().equals("error"), "refusal of " + id);
        assertEquals(error.path("code").asInt(), ErrorCode.INVALID_FIELD.code(), error.toString());
        assertEquals(error.path("ref").asText(), "c2c");
        assertFalse(error.has("id"));
      }
      long ok = board.request(alice, "c2c", "\"to\":\"bob\",\"data\":{\"last\":true}");
      alice.answer(ok);
      JsonNode first = bob.expect(f -> f.path("op").asText().equals("msg"), "a message");
      assertTrue(first.path("data").path("last").asBoolean(), "none of the refused ones ran: " + first);
    }
  }

  private static JsonNode login(Board board, TestPeer peer, String user, String sig)
      throws InterruptedException {
    board.switchboard.received(peer, RawSocket.login(77, Board.APP, user, sig));
    return peer.answer(77);
  }
}
