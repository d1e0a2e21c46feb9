package io.callfarm.engine.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One JSON frame of the signalling protocol with typed, validating accessors: every read of a field
 * either returns a value of the right type and range or throws a {@link ProtocolException} naming the
 * field. Both server and client read frames through this class.
 */
public final class Frame {
  /** Shared, thread-safe JSON mapper for the protocol. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode node;

  private Frame(ObjectNode node) {
    this.node = node;
  }

  /** Parses one text frame; it must be a JSON object (see {@link #requireOp()}). */
  public static Frame parse(String text) throws ProtocolException {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCode.MALFORMED_JSON,
          "frame is not valid JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new ProtocolException(ErrorCode.MALFORMED_JSON, "frame must be a JSON object");
    }
    return new Frame((ObjectNode) tree);
  }

  /** Checks that the frame names its operation. */
  public Frame requireOp() throws ProtocolException {
    if (!node.path("op").isTextual()) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "frame needs a string field 'op'");
    }
    return this;
  }

  public static Frame of(ObjectNode node) {
    return new Frame(node);
  }

  public ObjectNode node() {
    return node;
  }

  public String op() {
    return node.path("op").asText();
  }

  /** The op for an error's {@code ref}: null unless it is a short string. */
  public String refOp() {
    JsonNode op = node.get("op");
    return op != null && op.isTextual() && op.asText().length() <= 32 ? op.asText() : null;
  }

  /** The largest request id: JavaScript's largest exact integer, 2^53 - 1. */
  public static final long MAX_REQUEST_ID = (1L << 53) - 1;

  /**
   * Checks that a request id, when present, is an integer 0..{@link #MAX_REQUEST_ID}: a request
   * whose id cannot be echoed is refused, never run unanswered.
   */
  public Frame requireValidId() throws ProtocolException {
    JsonNode id = node.get("id");
    if (id != null && !id.isNull() && !(id.isIntegralNumber() && id.canConvertToLong()
        && id.asLong() >= 0 && id.asLong() <= MAX_REQUEST_ID)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'id' must be an integer 0.."
          + MAX_REQUEST_ID + " (or absent), got " + abbreviate(id.toString()));
    }
    return this;
  }

  /** The request id, or -1 when the frame carries none (or an invalid one). */
  public long requestId() {
    JsonNode id = node.get("id");
    return id != null && id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0
        && id.asLong() <= MAX_REQUEST_ID ? id.asLong() : -1;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  public boolean has(String field) {
    return node.hasNonNull(field);
  }

  public String text(String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw invalid(field, "a string");
    }
    return value.asText();
  }

  public long longValue(String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw invalid(field, "an integer");
    }
    return value.asLong();
  }

  /** A positive 31-bit integer, as room ids are. */
  public int positiveInt(String field) throws ProtocolException {
    long value = longValue(field);
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw invalid(field, "an integer in 1.." + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  /** A non-negative 31-bit integer. */
  public int nonNegativeInt(String field) throws ProtocolException {
    long value = longValue(field);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw invalid(field, "an integer in 0.." + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  public ObjectNode object(String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw invalid(field, "an object");
    }
    return (ObjectNode) value;
  }

  /** The object field, or null when absent; still fails when present with another type. */
  public ObjectNode optionalObject(String field) throws ProtocolException {
    return has(field) ? object(field) : null;
  }

  public List<String> textList(String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw invalid(field, "an array of strings");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw invalid(field, "an array of strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  private ProtocolException invalid(String field, String expected) {
    return new ProtocolException(ErrorCode.INVALID_FIELD,
        "field '" + field + "' of op '" + abbreviate(op()) + "' must be " + expected);
  }

  @Override
  public String toString() {
    return node.toString();
  }
}
