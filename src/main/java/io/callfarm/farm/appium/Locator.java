package io.callfarm.farm.appium;

import io.appium.java_client.AppiumBy;
import java.util.List;
import org.openqa.selenium.By;

/**
 * How a profile finds one UI element: a strategy the Appium driver understands and its value, e.g.
 * {@code id: com.example:id/accept} (UiAutomator2 resource-id), {@code accessibilityId: Accept call}
 * (XCUITest/UiAutomator2), {@code xpath: //button[@aria-label='Accept call']} or {@code css: #accept}
 * (the Chromium driver supports only css and xpath of these). Values may hold {@code ${variables}}.
 */
public record Locator(String strategy, String value) {
  /** The strategies a profile may use, as YAML keys. */
  public static final List<String> STRATEGIES = List.of("id", "accessibilityId", "xpath", "css");

  /** The Selenium/Appium locator with {@code value} already resolved. */
  By by(String resolved) {
    return switch (strategy) {
      case "id" -> AppiumBy.id(resolved);
      case "accessibilityId" -> AppiumBy.accessibilityId(resolved);
      case "xpath" -> AppiumBy.xpath(resolved);
      case "css" -> AppiumBy.cssSelector(resolved);
      default -> throw new IllegalStateException("unvalidated locator strategy " + strategy);
    };
  }

  @Override
  public String toString() {
    return strategy + "=" + value;
  }
}
