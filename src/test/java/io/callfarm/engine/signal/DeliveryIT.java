package io.callfarm.engine.signal;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.EngineHarness;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Nothing acknowledged is lost on the way to its recipient: a slow reader gets every stored
 * message, at its own pace, without being disconnected; a message in flight when a connection
 * drops comes again (same msgId) at the next login; acknowledged ones do not.
 */
@Test(groups = "integration")
public class DeliveryIT {
  /** The case: 20,000 messages of 2 KB to an offline user who then reads slowly. */
  private static final int MESSAGES = 20_000;
  private EngineHarness farm;

  @BeforeClass
  public void startEngine() throws Exception {
    farm = new EngineHarness(Duration.ofSeconds(5), ServerConfig.defaults().withLimits(
        ServerConfig.Limits.defaults().withUndeliveredPerRecipient(MESSAGES)));
  }

  @AfterClass(alwaysRun = true)
  public void stopEngine() throws Exception {
    farm.close();
  }

  @Test(timeOut = 120_000)
  public void aSlowReaderGetsEveryAcknowledgedMessageAndStaysConnected() throws Exception {
    String sender = EngineHarness.user("sender");
    String reader = EngineHarness.user("reader");
    String pad = "x".repeat(2048);
    long app = farm.engine().sdkAppId();
    Set<Long> acked = new HashSet<>();
    long start = System.nanoTime();
    try (RawSocket from = RawSocket.connect(farm.engine().signallingUri())) {
      from.send(RawSocket.login(1, app, sender, farm.engine().userSig(sender, Duration.ofMinutes(5))));
      from.expectAck(1);
      for (int i = 0; i < MESSAGES; i++) {
        from.send("{\"op\":\"c2c\",\"id\":" + (10 + i) + ",\"to\":\"" + reader
            + "\",\"data\":{\"n\":" + i + ",\"pad\":\"" + pad + "\"}}");
      }
      while (acked.size() < MESSAGES) {
        JsonNode answer = from.poll(Duration.ofSeconds(30));
        assertTrue(answer != null, "acks stopped at " + acked.size());
        assertEquals(answer.path("op").asText(), "ack", answer.toString());
        acked.add(answer.path("msgId").asLong());
      }
    }
    double storeSeconds = (System.nanoTime() - start) / 1e9;
    long readStart = System.nanoTime();
    try (SlowReader slow = SlowReader.connect(farm.engine().signallingUri(), 2000, 1000)) {
      slow.send(RawSocket.login(1, app, reader, farm.engine().userSig(reader, Duration.ofMinutes(5))));
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (slow.msgIds().size() < MESSAGES && slow.closeCode() < 0
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
      List<Long> delivered = slow.msgIds();
      double readSeconds = (System.nanoTime() - readStart) / 1e9;
      System.out.printf("slow reader: %d messages acked to the sender (%.1f s), %d delivered "
          + "(%.1f s, %.0f msg/s), connection %s%n", acked.size(), storeSeconds, delivered.size(),
          readSeconds, delivered.size() / readSeconds, slow.closeCode() < 0 ? "open" : "closed "
          + slow.closeCode());
      assertEquals(slow.closeCode(), -1, "the slow reader was disconnected");
      assertEquals(delivered.size(), MESSAGES, "delivered of acked");
      assertEquals(new HashSet<>(delivered), acked, "exactly the acknowledged messages");
      for (int i = 1; i < delivered.size(); i++) {
        assertTrue(delivered.get(i) > delivered.get(i - 1), "in order at " + i);
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (farm.engine().store().undeliveredCount(app, reader, System.currentTimeMillis()) > 0
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    assertEquals(farm.engine().store().undeliveredCount(app, reader, System.currentTimeMillis()), 0,
        "every message marked delivered by its acknowledgement");
  }

  @Test
  public void aMessageInFlightWhenTheConnectionDropsComesAgainAtTheNextLogin() throws Exception {
    String sender = EngineHarness.user("sender");
    String target = EngineHarness.user("target");
    long app = farm.engine().sdkAppId();
    try (RawSocket from = RawSocket.connect(farm.engine().signallingUri())) {
      from.send(RawSocket.login(1, app, sender, farm.engine().userSig(sender, Duration.ofMinutes(5))));
      from.expectAck(1);
      long unackedId;
      try (RawSocket first = RawSocket.connect(farm.engine().signallingUri())) {
        first.send(RawSocket.login(1, app, target, farm.engine().userSig(target, Duration.ofMinutes(5))));
        first.expectAck(1);
        from.send("{\"op\":\"c2c\",\"id\":2,\"to\":\"" + target + "\",\"data\":{\"n\":1}}");
        assertTrue(from.expectAck(2).path("online").asBoolean());
        from.send("{\"op\":\"c2c\",\"id\":3,\"to\":\"" + target + "\",\"data\":{\"n\":2}}");
        from.expectAck(3);
        JsonNode one = first.expect(f -> f.path("op").asText().equals("msg"), "message 1");
        unackedId = first.expect(f -> f.path("op").asText().equals("msg"), "message 2")
            .path("msgId").asLong();
        first.send("{\"op\":\"msg.ack\",\"id\":9,\"msgIds\":[" + one.path("msgId").asLong() + "]}");
        first.expectAck(9);
      } // dropped before acknowledging message 2
      try (RawSocket second = RawSocket.connect(farm.engine().signallingUri())) {
        second.send(RawSocket.login(1, app, target, farm.engine().userSig(target, Duration.ofMinutes(5))));
        second.expectAck(1);
        JsonNode again = second.expect(f -> f.path("op").asText().equals("msg"), "message 2 again");
        assertEquals(again.path("msgId").asLong(), unackedId);
        assertEquals(again.path("data").path("n").asInt(), 2, "the acknowledged one is not repeated");
        second.send("{\"op\":\"msg.ack\",\"id\":2,\"msgIds\":[" + unackedId + "]}");
        second.expectAck(2);
        second.send("{\"op\":\"msg.ack\",\"id\":3,\"msgIds\":[\"x\"]}");
        assertEquals(second.expectError(3).path("code").asInt(), ErrorCode.INVALID_FIELD.code());
      }
    }
  }
}
