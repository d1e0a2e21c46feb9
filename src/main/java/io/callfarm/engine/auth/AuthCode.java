package io.callfarm.engine.auth;

/**
 * Why a login credential was refused, with Tencent IM's numeric codes (70xxx) where they exist and
 * CallFarm's own (600xx) where Tencent has none.
 *
 * <p>The table is the contract clients and suites assert against; README documents it.
 */
public enum AuthCode {
  /** The UserSig's time + expire lies in the past. */
  EXPIRED(70001, "UserSig expired"),
  /** No UserSig was given. */
  EMPTY(70002, "UserSig is empty"),
  /** Not base64url, or not zlib-compressed. */
  UNDECODABLE(70003, "UserSig cannot be decoded (not base64url/zlib)"),
  /** Decoded, but not the JSON document TLSSigAPIv2 produces. */
  MALFORMED(70005, "UserSig content is malformed"),
  /** The HMAC does not match: forged or signed with another key. */
  FORGED(70009, "UserSig signature does not verify with this app's key"),
  /** Signed for another user id than the one logging in. */
  WRONG_USER(70013, "UserSig was issued for another user"),
  /** Signed for another SDKAppID than the one logging in. */
  WRONG_APP(70014, "UserSig was issued for another SDKAppID"),
  /** The SDKAppID is not registered with this engine. */
  UNKNOWN_APP(70020, "SDKAppID is not registered"),
  /** The user id breaks the component's rule {@code [A-Za-z0-9_-]{1,32}}. */
  INVALID_USER_ID(70107, "invalid user id"),
  /** Too many failed logins on this connection, or for this user from this address (CallFarm). */
  TOO_MANY_FAILURES(60020, "too many failed logins"),
  /** The UserSig's issue time lies further in the future than the allowed clock skew (CallFarm). */
  ISSUED_IN_FUTURE(60021, "UserSig issued in the future"),
  /** Room permission is on and the privateMapKey is missing, invalid or not for this room (CallFarm). */
  ROOM_PERMISSION(60022, "room permission refused");

  private final int code;
  private final String text;

  AuthCode(int code, String text) {
    this.code = code;
    this.text = text;
  }

  public int code() {
    return code;
  }

  String describe(String detail) {
    return text + ": " + detail + " (code " + code + ")";
  }
}
