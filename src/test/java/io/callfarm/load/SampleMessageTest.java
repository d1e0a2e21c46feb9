package io.callfarm.load;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.testng.annotations.Test;

/** The sample message a worker sends and the controller reads back. */
public class SampleMessageTest {

  @Test
  public void aCallRoundTripsWithItsOutcomesAndHistograms() {
    Histograms hdr = new Histograms();
    Histogram h = new Histogram(600_000_000L, 3);
    h.recordValue(2500);
    hdr.add(UserShard.INVITE, h);
    UserShard.CallResult call = new UserShard.CallResult("r1-w1-u01", List.of("r1-w1-u02",
        "r1-w1-u03"), Arrays.asList(Outcome.COMPLETED, null), 1_700_000_000_000L, 2500, 900, 3100,
        40_000);
    String line = SampleMessage.call(1, call, hdr).encode();
    assertFalse(line.contains(",") || line.contains("\"") || line.contains("\n"), line);
    SampleMessage back = SampleMessage.decode(line);
    assertEquals(back.kind(), "call");
    assertEquals(back.worker(), 1);
    assertEquals(back.fields().get("caller"), "r1-w1-u01");
    assertEquals(back.number("ms"), 40);
    List<Map.Entry<String, Outcome>> invitations = back.invitations();
    assertEquals(invitations.get(0), Map.entry("r1-w1-u02", Outcome.COMPLETED));
    assertEquals(invitations.get(1).getKey(), "r1-w1-u03");
    assertNull(invitations.get(1).getValue(), "lost");
    assertEquals(back.histograms().percentiles(UserShard.INVITE).count(), 1);
  }

  @Test
  public void aReportRoundTrips() {
    SampleMessage back = SampleMessage.decode(SampleMessage.report(0,
        new UserShard.Counts(12, 10, 1, 0), null).encode());
    assertEquals(back.kind(), "report");
    assertEquals(back.number("placed"), 12);
    assertEquals(back.number("completed"), 10);
    assertEquals(back.number("lost"), 1);
    assertTrue(back.histograms().isEmpty());
  }

  @Test
  public void othersMessagesAndMalformedLinesAreRefused() {
    assertFalse(SampleMessage.isOurs("OK"));
    assertFalse(SampleMessage.isOurs(null));
    expectThrows(IllegalArgumentException.class, () -> SampleMessage.decode("Non HTTP response"));
    expectThrows(IllegalArgumentException.class, () -> SampleMessage.decode("callfarm/1 kind=call"));
    expectThrows(IllegalArgumentException.class,
        () -> SampleMessage.decode("callfarm/1 kind=call worker=x"));
    expectThrows(IllegalArgumentException.class,
        () -> SampleMessage.decode("callfarm/1 kind=call worker=0 broken"));
    SampleMessage call = SampleMessage.decode("callfarm/1 kind=call worker=0 to=u2:sideways");
    expectThrows(IllegalArgumentException.class, call::invitations);
    expectThrows(IllegalArgumentException.class, () -> call.number("ms"));
  }
}
