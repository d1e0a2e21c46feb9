package io.callfarm.engine.signal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of adversarial signalling frames: every op with fields of the wrong type,
 * range, size or encoding, unknown ops, ids that cannot be echoed, broken JSON, deep nesting,
 * oversized frames and binary frames. The same seed gives the same frames. Each frame says how the
 * server must answer it: with its id, or with an error without id.
 */
final class FrameFuzzer {
  /** What to send and how it must be answered. */
  record Fuzzed(String text, byte[] binary, long id) {
    /** Answered by an error without id (its id could not be read or echoed). */
    boolean anonymous() {
      return id < 0;
    }
  }

  private static final List<String> OPS = List.of("ping", "c2c", "msg.ack", "group.create",
      "group.invite", "group.join", "group.members", "group.send", "presence", "room.enter",
      "room.leave", "media", "logout", "login", "teleport", "", "PING", "c2c ", "group.", "ack",
      "error", "msg");
  private static final List<String> FIELDS = List.of("to", "data", "push", "groupId", "members",
      "users", "roomId", "msgIds", "sdkAppId", "userId", "userSig", "from", "privateMapKey", "op");
  private static final String[] BAD_IDS = {"\"7\"", "-5", "1.5", "1e400", "1152921504606846976",
      "[1]", "{}", "true", "-0.0", "9007199254740992"};

  private final Random random;
  private final List<String> users;
  private final boolean mayLogin;
  private int logins;
  private long nextId;

  /**
   * @param users user ids to aim at (valid ones exercise deeper paths)
   * @param mayLogin whether this connection may send login attempts (at most 3, all failing, so the
   *     per-connection limit never closes it mid-run)
   */
  FrameFuzzer(long seed, List<String> users, boolean mayLogin, long firstId) {
    this.random = new Random(seed);
    this.users = users;
    this.mayLogin = mayLogin;
    this.nextId = firstId;
  }

  Fuzzed next() {
    int roll = random.nextInt(1000);
    if (roll < 60) {
      return new Fuzzed(null, binary(), -1);
    }
    if (roll < 200) {
      return new Fuzzed(brokenJson(), null, -1);
    }
    if (roll < 300) {
      return new Fuzzed("{\"op\":\"" + pick(OPS) + "\",\"id\":" + BAD_IDS[random.nextInt(
          BAD_IDS.length)] + fields(2) + "}", null, -1);
    }
    long id = nextId++;
    if (roll < 350) {
      String op = switch (random.nextInt(4)) {
        case 0 -> "";
        case 1 -> "\"op\":" + random.nextInt() + ",";
        case 2 -> "\"op\":null,";
        default -> "\"op\":[\"ping\"],";
      };
      return new Fuzzed("{" + op + "\"id\":" + id + fields(2) + "}", null, id);
    }
    if (roll < 355) {
      return new Fuzzed("{\"op\":\"ping\",\"id\":" + id + ",\"pad\":\""
          + "z".repeat(65 * 1024 + random.nextInt(4096)) + "\"}", null, id);
    }
    String op = pick(OPS);
    if (op.equals("login") && (!mayLogin || logins++ >= 3)) {
      op = "ping";
    }
    return new Fuzzed("{\"op\":\"" + op + "\",\"id\":" + id + fields(1 + random.nextInt(5)) + "}",
        null, id);
  }

  private String fields(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(",\"").append(pick(FIELDS)).append("\":").append(value(0));
    }
    return out.toString();
  }

  private String value(int depth) {
    return switch (random.nextInt(depth > 2 ? 9 : 13)) {
      case 0 -> "\"" + pick(users) + "\"";
      case 1 -> String.valueOf(random.nextInt(3) - 1);
      case 2 -> String.valueOf(random.nextLong());
      case 3 -> "2147483648";
      case 4 -> "1e400";
      case 5 -> random.nextBoolean() ? "true" : "null";
      case 6 -> "\"" + text(random.nextInt(40)) + "\"";
      case 7 -> String.valueOf(1 + random.nextInt(Integer.MAX_VALUE));
      case 8 -> "\"" + "u".repeat(random.nextInt(3000)) + "\"";
      case 9 -> "[" + value(depth + 1) + "," + value(depth + 1) + "]";
      case 10 -> "{\"version\":4,\"call_type\":1,\"call_id\":\"f" + random.nextInt(1000)
          + "\",\"room_id\":" + (1 + random.nextInt(1000)) + ",\"action\":" + (random.nextInt(8) - 1)
          + ",\"invited_list\":[" + value(depth + 1) + "]}";
      case 11 -> "{\"" + pick(FIELDS) + "\":" + value(depth + 1) + "}";
      default -> "[" + random.nextInt(5) + "," + (1 + random.nextInt(1_000_000)) + "]";
    };
  }

  private String text(int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(5);
      if (kind == 0) {
        out.append("\\u").append(String.format("%04x", random.nextInt(0xD800)));
      } else if (kind == 1) {
        out.append("\\\"");
      } else if (kind == 2) {
        out.appendCodePoint(0x4e00 + random.nextInt(500)); // CJK
      } else {
        out.append((char) ('#' + random.nextInt(50))); // printable, no quote or backslash
      }
    }
    return out.toString();
  }

  private String brokenJson() {
    return switch (random.nextInt(9)) {
      case 0 -> "";
      case 1 -> "{\"op\":\"ping\",\"id\":" + random.nextInt(100);
      case 2 -> "[" + value(0) + "]";
      case 3 -> String.valueOf(random.nextLong());
      case 4 -> "\"just a string\"";
      case 5 -> "[".repeat(1500 + random.nextInt(500)) + "]".repeat(10);
      case 6 -> "{\"op\":\"c2c\",,}";
      case 7 -> "{'op':'ping'}";
      default -> new String(randomBytes(1 + random.nextInt(200)), StandardCharsets.ISO_8859_1);
    };
  }

  private byte[] binary() {
    return randomBytes(random.nextInt(600));
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
