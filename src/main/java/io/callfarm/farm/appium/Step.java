package io.callfarm.farm.appium;

import java.util.List;

/**
 * One UI step of a profile action. Kinds (the YAML key):
 * <ul>
 *   <li>{@code tap: LOCATOR} - waits until the element is displayed and enabled, then taps it;
 *   <li>{@code type: {LOCATOR, text: T}} - clears the field and types {@code T};
 *   <li>{@code toggle: {LOCATOR, attribute: A, to: V}} - taps only when attribute {@code A} is not
 *       {@code V} (e.g. {@code aria-pressed} on the web, {@code checked} on Android);
 *   <li>{@code awaitVisible: LOCATOR} / {@code awaitGone: LOCATOR} - waits until the element shows /
 *       no longer shows (absent counts as gone);
 *   <li>{@code open: URL} - navigates (browser-based apps only, e.g. the web client's launch).
 * </ul>
 * Waits are bounded by the device's action timeout.
 *
 * @param locator null for {@code open}
 * @param text the text to type, the URL to open, or the wanted attribute value; may hold
 *     {@code ${variables}}; null when the kind has none
 * @param attribute the attribute a toggle reads, else null
 */
public record Step(String kind, Locator locator, String text, String attribute) {
  /** The step kinds, as YAML keys. */
  public static final List<String> KINDS = List.of("tap", "type", "toggle", "awaitVisible",
      "awaitGone", "open");

  @Override
  public String toString() {
    return kind + (locator == null ? "" : " " + locator) + (text == null ? "" : " '" + text + "'");
  }
}
