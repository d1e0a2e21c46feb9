package io.callfarm.farm.host;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.farm.ActionResult;
import io.callfarm.farm.HeardAudio;
import io.callfarm.farm.SentAudio;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongUnaryOperator;
import org.testng.annotations.Test;

/** The device-host protocol keeps every field of what it carries, maps host times, and refuses bad frames. */
public class HostWireTest {
  private static final LongUnaryOperator SAME = n -> n;

  @Test
  public void audioAndStatsSurviveTheWireWithTimesMapped() throws IOException {
    LinkStats stats = new LinkStats("alice_r1", 512, 3, 0.004, 960, 96000, 12.5, 95040, 0.25, OptionalDouble.of(0.002),
        480, 1440);
    HeardAudio heard = new HeardAudio("alice_r1", Path.of("/tmp/bob-from-alice.wav"), OptionalLong.of(1_000_000L),
        Optional.of(stats));
    HeardAudio back = HostWire.heard(frame(HostWire.heard(heard)), n -> n - 400);
    assertEquals(back, new HeardAudio("alice_r1", heard.wav(), OptionalLong.of(999_600L), Optional.of(stats)));

    LinkStats early = new LinkStats("carol", 0, 0, 0, 0, 0, 0, 0, 0, OptionalDouble.empty(), 0, 0);
    assertEquals(HostWire.stats(frame(HostWire.stats(early))), early, "no RTT before the first report stays none");
    HeardAudio unplaced = new HeardAudio("carol", Path.of("/x.wav"), OptionalLong.empty(), Optional.empty());
    assertEquals(HostWire.heard(frame(HostWire.heard(unplaced)), SAME), unplaced);

    SentAudio tap = new SentAudio(Path.of("/tmp/alice-mic.wav"), OptionalLong.of(77L), 47_856.5);
    assertEquals(HostWire.sent(frame(HostWire.sent(tap)), n -> n + 3),
        new SentAudio(tap.wav(), OptionalLong.of(80L), 47_856.5));
    SentAudio loop = SentAudio.looped(Path.of("/tmp/loop.wav"), 48_000);
    assertEquals(HostWire.sent(frame(HostWire.sent(loop)), SAME), loop);
  }

  @Test
  public void eventsAndActionOutcomesSurviveTheWire() throws IOException {
    CallEvent event = new CallEvent("onInvited", List.of("alice", "[bob,carol]", "true"), 123_456_789L, 1_700L);
    JsonNode frame = frame(HostWire.event("virtual-3", event));
    assertEquals(frame.path("device").asText(), "virtual-3");
    assertEquals(HostWire.event(frame, n -> n - 9), new CallEvent("onInvited", event.args(), 123_456_780L, 1_700L));
    assertEquals(HostWire.action(frame(HostWire.action(ActionResult.DONE))), ActionResult.DONE);
    ActionResult noOp = ActionResult.noOp("nothing rings: the home screen shows");
    assertEquals(HostWire.action(frame(HostWire.action(noOp))), noOp);
  }

  @Test
  public void framesAreOneJsonObjectPerLineAndBadOnesAreRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HostWire.write(out, HostWire.request("accept", "virtual-1").put("id", 7));
    HostWire.write(out, HostWire.request("ping", null).put("id", 8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(text, "{\"op\":\"accept\",\"device\":\"virtual-1\",\"id\":7}\n{\"op\":\"ping\",\"id\":8}\n");
    BufferedReader in = new BufferedReader(new StringReader(text));
    assertEquals(HostWire.read(in).path("id").asInt(), 7);
    assertEquals(HostWire.read(in).path("op").asText(), "ping");
    assertEquals(HostWire.read(in), null, "end of stream");

    IOException notObject = expectThrows(IOException.class, () -> HostWire.read(reader("[1,2]")));
    assertTrue(notObject.getMessage().contains("not a JSON object"), notObject.getMessage());
    IOException tooLong = expectThrows(IOException.class,
        () -> HostWire.read(reader("\"" + "x".repeat(HostWire.MAX_FRAME_CHARS) + "\"")));
    assertTrue(tooLong.getMessage().contains("limit " + HostWire.MAX_FRAME_CHARS), tooLong.getMessage());
  }

  private static JsonNode frame(JsonNode node) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HostWire.write(out, node);
    return HostWire.JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  private static BufferedReader reader(String line) {
    return new BufferedReader(new StringReader(line + "\n"));
  }
}
