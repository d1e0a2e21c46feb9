package io.callfarm.farm.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callfarm.engine.call.CallEvent;
import io.callfarm.engine.media.LinkStats;
import io.callfarm.farm.ActionResult;
import io.callfarm.farm.HeardAudio;
import io.callfarm.farm.SentAudio;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.LongUnaryOperator;

/**
 * The device-host protocol: one JSON object per line, UTF-8, over a loopback TCP connection the host opens to the
 * orchestrator. The host starts with {@code {"op":"hello","token":..,"pid":..}} (the token the orchestrator gave it
 * in its environment); then the orchestrator sends requests {@code {"id":n,"op":..,"device":..,...}}, each answered
 * once by {@code {"re":n,"ok":true,"result":..}} or {@code {"re":n,"ok":false,"error":".."}}, and the host pushes
 * every callback of its devices as {@code {"op":"event","device":..,"name":..,"args":[..],"atNanos":..,
 * "atMillis":..}}. Ops: {@code create, login, logout, call, groupCall, accept, reject, hangup, mute, handsFree, mic,
 * network, sent, heard, recordedFrom, close, ping, shutdown}. Times are the host's {@link System#nanoTime()}; the
 * orchestrator maps them onto its own clock ({@link ClockOffset}). Files (recordings, microphone taps) are paths on
 * the shared disk.
 */
final class HostWire {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Frames longer than this are a protocol error (the largest real one, an event or a reply, is a few KiB). */
  static final int MAX_FRAME_CHARS = 1 << 20;

  private HostWire() {}

  /** Writes one frame and flushes; callers serialise writers of one stream. */
  static void write(OutputStream out, JsonNode frame) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(frame);
    out.write(bytes);
    out.write('\n');
    out.flush();
  }

  /** The next frame, or null at the end of the stream. */
  static ObjectNode read(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line == null) {
      return null;
    }
    if (line.length() > MAX_FRAME_CHARS) {
      throw new IOException("device-host frame of " + line.length() + " characters (limit " + MAX_FRAME_CHARS + ")");
    }
    JsonNode node = JSON.readTree(line);
    if (!(node instanceof ObjectNode frame)) {
      throw new IOException("device-host frame is not a JSON object: " + abbreviate(line));
    }
    return frame;
  }

  static ObjectNode request(String op, String device) {
    ObjectNode frame = JSON.createObjectNode().put("op", op);
    if (device != null) {
      frame.put("device", device);
    }
    return frame;
  }

  static ObjectNode event(String device, CallEvent event) {
    ObjectNode frame = JSON.createObjectNode().put("op", "event").put("device", device)
        .put("name", event.name());
    ArrayNode args = frame.putArray("args");
    event.args().forEach(args::add);
    return frame.put("atNanos", event.atNanos()).put("atMillis", event.atMillis());
  }

  static CallEvent event(JsonNode frame, LongUnaryOperator toLocalNanos) {
    List<String> args = new ArrayList<>();
    frame.path("args").forEach(a -> args.add(a.asText()));
    return new CallEvent(frame.path("name").asText(), args,
        toLocalNanos.applyAsLong(frame.path("atNanos").asLong()), frame.path("atMillis").asLong());
  }

  static JsonNode action(ActionResult result) {
    return JSON.createObjectNode().put("noOp", result.noOp()).put("reason", result.reason());
  }

  static ActionResult action(JsonNode node) {
    return node.path("noOp").asBoolean() ? ActionResult.noOp(node.path("reason").asText())
        : ActionResult.DONE;
  }

  static JsonNode sent(SentAudio sent) {
    ObjectNode node = JSON.createObjectNode().put("wav", sent.wav().toString())
        .put("samplesPerSecond", sent.samplesPerSecond());
    sent.firstSampleNanos().ifPresent(n -> node.put("firstSampleNanos", n));
    return node;
  }

  static SentAudio sent(JsonNode node, LongUnaryOperator toLocalNanos) {
    OptionalLong first = node.has("firstSampleNanos")
        ? OptionalLong.of(toLocalNanos.applyAsLong(node.get("firstSampleNanos").asLong())) : OptionalLong.empty();
    return new SentAudio(Path.of(node.path("wav").asText()), first, node.path("samplesPerSecond").asDouble());
  }

  static JsonNode heard(HeardAudio heard) {
    ObjectNode node = JSON.createObjectNode().put("fromUser", heard.fromUser()).put("wav", heard.wav().toString());
    heard.startNanos().ifPresent(n -> node.put("startNanos", n));
    heard.stats().ifPresent(s -> node.set("stats", stats(s)));
    return node;
  }

  static HeardAudio heard(JsonNode node, LongUnaryOperator toLocalNanos) {
    OptionalLong start = node.has("startNanos")
        ? OptionalLong.of(toLocalNanos.applyAsLong(node.get("startNanos").asLong())) : OptionalLong.empty();
    return new HeardAudio(node.path("fromUser").asText(), Path.of(node.path("wav").asText()), start,
        node.has("stats") ? Optional.of(stats(node.get("stats"))) : Optional.empty());
  }

  static JsonNode stats(LinkStats s) {
    ObjectNode node = JSON.createObjectNode().put("remoteUserId", s.remoteUserId())
        .put("packetsReceived", s.packetsReceived()).put("packetsLost", s.packetsLost())
        .put("jitterSeconds", s.jitterSeconds()).put("concealedSamples", s.concealedSamples())
        .put("totalSamplesReceived", s.totalSamplesReceived())
        .put("jitterBufferDelaySeconds", s.jitterBufferDelaySeconds())
        .put("jitterBufferEmittedCount", s.jitterBufferEmittedCount()).put("audioLevel", s.audioLevel())
        .put("insertedSamplesForDeceleration", s.insertedSamplesForDeceleration())
        .put("removedSamplesForAcceleration", s.removedSamplesForAcceleration());
    s.roundTripTimeSeconds().ifPresent(r -> node.put("roundTripTimeSeconds", r));
    return node;
  }

  static LinkStats stats(JsonNode n) {
    return new LinkStats(n.path("remoteUserId").asText(), n.path("packetsReceived").asLong(),
        n.path("packetsLost").asLong(), n.path("jitterSeconds").asDouble(), n.path("concealedSamples").asLong(),
        n.path("totalSamplesReceived").asLong(), n.path("jitterBufferDelaySeconds").asDouble(),
        n.path("jitterBufferEmittedCount").asLong(), n.path("audioLevel").asDouble(),
        n.has("roundTripTimeSeconds") ? OptionalDouble.of(n.get("roundTripTimeSeconds").asDouble())
            : OptionalDouble.empty(), n.path("insertedSamplesForDeceleration").asLong(),
        n.path("removedSamplesForAcceleration").asLong());
  }

  static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
