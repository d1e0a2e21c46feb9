package io.callfarm.engine.auth;

import java.util.regex.Pattern;

/** The component's user id rule: 1 to 32 characters out of {@code A-Z a-z 0-9 - _}. */
public final class UserIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private UserIds() {}

  public static boolean isValid(String userId) {
    return userId != null && VALID.matcher(userId).matches();
  }

  /**
   * Returns the id unchanged or fails with {@link AuthCode#INVALID_USER_ID}.
   *
   * @throws AuthException naming the offending id and the rule
   */
  public static String require(String userId) throws AuthException {
    if (!isValid(userId)) {
      String shown = userId == null ? "null" : userId.length() <= 40 ? "'" + userId + "'"
          : "'" + userId.substring(0, 40) + "...' (" + userId.length() + " characters)";
      throw new AuthException(AuthCode.INVALID_USER_ID,
          shown + " must be 1-32 characters of A-Z a-z 0-9 - _");
    }
    return userId;
  }
}
