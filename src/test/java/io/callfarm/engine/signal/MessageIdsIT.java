package io.callfarm.engine.signal;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.scratch.Scratch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.testng.annotations.Test;

/**
 * Message ids stay unique across engine runs on one database, also for a message that went out live
 * and whose commit a crash prevented: the client that saw it drops a repeat of its id, so a reused id
 * would silently lose the later message (an invitation that never rang in {@code EngineCrashIT}).
 */
@Test(groups = "integration")
public class MessageIdsIT {

  @Test
  public void anIdSentLiveButNeverCommittedIsNotHandedOutAgain() throws Exception {
    Path file = Scratch.folder("callfarm-ids").resolve("engine.db");
    long seenBeforeTheCrash;
    try (Board board = new Board(ServerConfig.defaults(), file)) {
      TestPeer alice = board.login("alice");
      TestPeer bob = board.login("bob");
      assertEquals(board.call(alice, "c2c", "\"to\":\"bob\",\"data\":{\"n\":1}").path("op").asText(),
          "ack");
      seenBeforeTheCrash = bob.expect(f -> f.path("op").asText().equals("msg"), "the first message")
          .path("msgId").asLong();
    }
    // what a kill -9 between the live send and the commit leaves: the file without that message
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
         Statement st = db.createStatement()) {
      assertEquals(st.executeUpdate("DELETE FROM offline_messages"), 1);
    }
    try (Board board = new Board(ServerConfig.defaults(), file)) {
      TestPeer alice = board.login("alice");
      TestPeer bob = board.login("bob");
      JsonNode ack = board.call(alice, "c2c", "\"to\":\"bob\",\"data\":{\"n\":2}");
      JsonNode second = bob.expect(f -> f.path("op").asText().equals("msg"), "the second message");
      assertEquals(second.path("data").path("n").asInt(), 2);
      assertEquals(ack.path("msgId").asLong(), second.path("msgId").asLong());
      assertTrue(second.path("msgId").asLong() > seenBeforeTheCrash,
          "id " + second.path("msgId") + " after the restart, " + seenBeforeTheCrash + " before");
      assertEquals(board.store.run(), 2);
      assertEquals(second.path("msgId").asLong(), 2 * Delivery.IDS_PER_RUN + 1, "the run's first id");
    }
  }
}
