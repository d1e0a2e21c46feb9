package io.callfarm.engine.auth;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user buffer of a TLSSigAPIv2 privateMapKey, as {@code TLSSigAPIv2.genUserBuf} lays it out in
 * network byte order: version (1), account length (2), account, SDKAppID (4), room id (4), absolute
 * expiry in epoch seconds (4), privilege bits (4), account type (4), and for version 1 a string room
 * id (length 2 + bytes).
 */
record RoomGrant(String userId, long sdkAppId, long roomId, long expiresAtSeconds,
    long privileges) {

  static RoomGrant parse(String base64) throws AuthException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new AuthException(AuthCode.MALFORMED, "TLS.userbuf is not base64");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try {
      int version = buf.get();
      if (version != 0 && version != 1) {
        throw new AuthException(AuthCode.MALFORMED, "TLS.userbuf version " + version);
      }
      byte[] account = new byte[Short.toUnsignedInt(buf.getShort())];
      buf.get(account);
      long app = Integer.toUnsignedLong(buf.getInt());
      long room = Integer.toUnsignedLong(buf.getInt());
      long expires = Integer.toUnsignedLong(buf.getInt());
      long privileges = Integer.toUnsignedLong(buf.getInt());
      return new RoomGrant(new String(account, StandardCharsets.UTF_8), app, room, expires,
          privileges);
    } catch (BufferUnderflowException e) {
      throw new AuthException(AuthCode.MALFORMED, "TLS.userbuf is truncated");
    }
  }
}
