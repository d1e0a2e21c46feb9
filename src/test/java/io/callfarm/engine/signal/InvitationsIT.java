package io.callfarm.engine.signal;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/**
 * The server's IM signalling ({@code signal.invite/accept/reject/cancel}, the server-run timeout) on a real
 * switchboard and database: who is told what, who may answer or cancel (8010 / 8011), offline invitees, the
 * timeout-0 notice that is not kept, and bad input refused with a code.
 */
@Test(groups = "integration")
public class InvitationsIT {
  private static final String DATA = "\"{\\\"businessID\\\":\\\"av_call\\\",\\\"data\\\":{\\\"room_id\\\":4242,"
      + "\\\"cmd\\\":\\\"audioCall\\\"}}\"";
  private Board board;

  @BeforeMethod
  public void start() throws Exception {
    board = new Board(ServerConfig.defaults().withHeartbeatTimeout(Duration.ofMinutes(10)));
  }

  @AfterMethod(alwaysRun = true)
  public void stop() {
    board.close();
  }

  @Test(timeOut = 30_000)
  public void anAcceptReachesTheInviterAndClosesTheInvitation() throws Exception {
    TestPeer alice = board.login("alice");
    TestPeer bob = board.login("bob");
    TestPeer eve = board.login("eve");
    String inviteId = invite(alice, "[\"bob\"]", 30);

    JsonNode rang = signal(bob, 1);
    assertEquals(rang.path("inviteId").asText(), inviteId);
    assertEquals(rang.path("inviter").asText(), "alice");
    assertEquals(rang.path("timeout").asInt(), 30);
    assertTrue(rang.path("data").asText().contains("av_call"), rang.toString());

    assertCode(board.call(eve, "signal.accept", "\"inviteId\":\"" + inviteId + "\""),
        ErrorCode.SIGNAL_NO_PERMISSION);
    assertAck(board.call(bob, "signal.accept", "\"inviteId\":\"" + inviteId + "\""));
    JsonNode accepted = signal(alice, 3);
    assertEquals(accepted.path("invitees").get(0).asText(), "bob");
    assertCode(board.call(bob, "signal.accept", "\"inviteId\":\"" + inviteId + "\""),
        ErrorCode.SIGNAL_INVALID_INVITE);
    assertCode(board.call(alice, "signal.cancel", "\"inviteId\":\"" + inviteId + "\""),
        ErrorCode.SIGNAL_INVALID_INVITE);
  }

  @Test(timeOut = 30_000)
  public void onlyTheInviterCancelsAndEveryPendingInviteeIsTold() throws Exception {
    TestPeer alice = board.login("alice");
    TestPeer bob = board.login("bob");
    TestPeer carol = board.login("carol");
    String inviteId = invite(alice, "[\"bob\",\"carol\"]", 30);
    signal(bob, 1);
    signal(carol, 1);

    assertCode(board.call(bob, "signal.cancel", "\"inviteId\":\"" + inviteId + "\""),
        ErrorCode.SIGNAL_NO_PERMISSION);
    assertAck(board.call(carol, "signal.reject", "\"inviteId\":\"" + inviteId + "\""));
    assertEquals(signal(alice, 4).path("invitees").get(0).asText(), "carol");
    assertAck(board.call(alice, "signal.cancel", "\"inviteId\":\"" + inviteId + "\""));
    JsonNode cancelled = signal(bob, 2);
    assertEquals(cancelled.path("invitees").size(), 1, "only bob was still pending: " + cancelled);
    assertCode(board.call(alice, "signal.cancel", "\"inviteId\":\"" + inviteId + "\""),
        ErrorCode.SIGNAL_INVALID_INVITE);
    assertCode(board.call(carol, "signal.reject", "\"inviteId\":\"unknown-id\""),
        ErrorCode.SIGNAL_INVALID_INVITE);
  }

  @Test(timeOut = 30_000)
  public void theServerTimesOutBothSidesAndAnswersAfterwardAreRefused() throws Exception {
    TestPeer alice = board.login("alice");
    TestPeer bob = board.login("bob");
    long sent = System.nanoTime();
    String inviteId = invite(alice, "[\"bob\"]", 1);
    signal(bob, 1);
    JsonNode atBob = signal(bob, 5);
    JsonNode atAlice = signal(alice, 5);
    long tookMs = (System.nanoTime() - sent) / 1_000_000;
    assertTrue(tookMs >= 900, "timed out after " + tookMs + " ms, before its 1 s");
    assertEquals(atBob.path("invitees").get(0).asText(), "bob");
    assertEquals(atAlice.path("invitees").get(0).asText(), "bob");
    assertCode(board.call(bob, "signal.accept", "\"inviteId\":\"" + inviteId + "\""),
        ErrorCode.SIGNAL_INVALID_INVITE);
  }

  @Test(timeOut = 30_000)
  public void aGroupInvitationTellsTheOtherInviteesOfEachAnswer() throws Exception {
    board.switchboard.provisionGroup("team", "alice", List.of("alice", "bob", "carol"));
    TestPeer alice = board.login("alice");
    TestPeer bob = board.login("bob");
    TestPeer carol = board.login("carol");
    String inviteId = board.call(alice, "signal.invite", "\"invitees\":[\"bob\",\"carol\"],\"groupId\":\"team\","
        + "\"timeout\":30,\"data\":" + DATA).path("inviteId").asText();
    assertEquals(signal(bob, 1).path("groupId").asText(), "team");
    signal(carol, 1);
    assertAck(board.call(bob, "signal.reject", "\"inviteId\":\"" + inviteId + "\""));
    assertEquals(signal(carol, 4).path("invitees").get(0).asText(), "bob");
    assertEquals(signal(alice, 4).path("invitees").get(0).asText(), "bob");

    TestPeer eve = board.login("eve");
    assertCode(board.call(alice, "signal.invite", "\"invitees\":[\"eve\"],\"groupId\":\"team\",\"data\":" + DATA),
        ErrorCode.NO_PERMISSION);
    assertCode(board.call(eve, "signal.invite", "\"invitees\":[\"bob\"],\"groupId\":\"team\",\"data\":" + DATA),
        ErrorCode.NO_PERMISSION);
  }

  @Test(timeOut = 30_000)
  public void anOfflineInviteeRingsFromTheStoredInvitationAtLogin() throws Exception {
    TestPeer alice = board.login("alice");
    String inviteId = invite(alice, "[\"bob\"]", 30);
    TestPeer bob = board.login("bob");
    assertEquals(signal(bob, 1).path("inviteId").asText(), inviteId);
    assertAck(board.call(bob, "signal.accept", "\"inviteId\":\"" + inviteId + "\""));
    signal(alice, 3);
  }

  @Test(timeOut = 30_000)
  public void aTimeoutZeroNoticeIsDeliveredButCannotBeAnswered() throws Exception {
    TestPeer alice = board.login("alice");
    TestPeer bob = board.login("bob");
    String inviteId = invite(alice, "[\"bob\"]", 0);
    assertEquals(signal(bob, 1).path("timeout").asInt(), 0);
    assertCode(board.call(bob, "signal.accept", "\"inviteId\":\"" + inviteId + "\""),
        ErrorCode.SIGNAL_INVALID_INVITE);
  }

  @Test(timeOut = 30_000)
  public void badInvitationsAreRefusedWithACode() throws Exception {
    TestPeer alice = board.login("alice");
    TestPeer bob = board.login("bob");
    assertCode(board.call(alice, "signal.invite", "\"invitees\":[],\"data\":" + DATA), ErrorCode.INVALID_FIELD);
    assertCode(board.call(alice, "signal.invite", "\"invitees\":[\"alice\"],\"data\":" + DATA),
        ErrorCode.INVALID_FIELD);
    assertCode(board.call(alice, "signal.invite", "\"invitees\":[\"bob\"],\"timeout\":301,\"data\":" + DATA),
        ErrorCode.INVALID_FIELD);
    assertCode(board.call(alice, "signal.invite", "\"invitees\":[\"bob\"],\"timeout\":-1,\"data\":" + DATA),
        ErrorCode.INVALID_FIELD);
    String huge = "\"" + "x".repeat(Invitations.MAX_DATA_CHARS + 1) + "\"";
    assertCode(board.call(alice, "signal.invite", "\"invitees\":[\"bob\"],\"data\":" + huge),
        ErrorCode.INVALID_FIELD);
    assertCode(board.call(alice, "signal.invite", "\"invitees\":[\"bob\"],\"data\":{\"not\":\"a string\"}"),
        ErrorCode.INVALID_FIELD);
    assertCode(board.call(bob, "signal.accept", "\"inviteId\":42"), ErrorCode.INVALID_FIELD);
    assertFalse(bob.hasFrame(f -> f.path("op").asText().equals("msg")), "a refused invitation rang");
  }

  /** Sends an invitation with the standard payload; returns its inviteId. */
  private String invite(TestPeer from, String invitees, int timeout) throws InterruptedException {
    JsonNode ack = board.call(from, "signal.invite", "\"invitees\":" + invitees + ",\"timeout\":" + timeout
        + ",\"data\":" + DATA);
    assertAck(ack);
    assertFalse(ack.path("inviteId").asText().isEmpty(), ack.toString());
    return ack.path("inviteId").asText();
  }

  /** The next IM signalling event of {@code actionType} at {@code peer}: its {@code signal} object. */
  private static JsonNode signal(TestPeer peer, int actionType) throws InterruptedException {
    return peer.expect(f -> f.path("op").asText().equals("msg")
        && f.path("data").path("signal").path("actionType").asInt() == actionType,
        "signal action " + actionType).path("data").path("signal");
  }

  private static void assertAck(JsonNode answer) {
    assertEquals(answer.path("op").asText(), "ack", answer.toString());
  }

  private static void assertCode(JsonNode answer, ErrorCode code) {
    assertEquals(answer.path("op").asText(), "error", answer.toString());
    assertEquals(answer.path("code").asInt(), code.code(), answer.toString());
  }
}
