package io.callfarm.farm.browser;

/**
 * The stable element ids of the web call client (src/main/resources/web/README.md has the full table
 * with aria-labels). Browser and Appium devices locate call actions by these ids.
 */
public final class WebClientIds {
  public static final String LOGIN_SCREEN = "screen-login";
  public static final String HOME_SCREEN = "screen-home";
  public static final String INCOMING_SCREEN = "screen-incoming";
  public static final String CALL_SCREEN = "screen-call";
  public static final String LOGIN_USER = "login-user";
  public static final String LOGIN_BUTTON = "login-button";
  public static final String LOGIN_ERROR = "login-error";
  public static final String DIAL_USER = "dial-user";
  public static final String DIAL_BUTTON = "dial-button";
  public static final String REFRESH_BUTTON = "refresh-button";
  public static final String GROUP_ID = "group-id";
  public static final String GROUP_CALL_BUTTON = "group-call-button";
  public static final String ACCEPT_BUTTON = "accept-button";
  public static final String REJECT_BUTTON = "reject-button";
  public static final String MUTE_BUTTON = "mute-button";
  public static final String HANDSFREE_BUTTON = "handsfree-button";
  public static final String HANGUP_BUTTON = "hangup-button";
  public static final String TOAST = "toast";

  private WebClientIds() {}

  /** The checkbox selecting a contact for a group call. */
  public static String contact(String userId) {
    return "contact-" + userId;
  }

  /** The 1v1 call button of a contact. */
  public static String callContact(String userId) {
    return "call-" + userId;
  }

  /** A participant's volume meter (role=meter, aria-valuenow 0-100) on the in-call screen. */
  public static String volume(String userId) {
    return "volume-" + userId;
  }
}
