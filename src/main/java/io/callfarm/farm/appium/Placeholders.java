package io.callfarm.farm.appium;

import io.callfarm.farm.FarmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Resolves a profile's {@code ${variables}}: inside text by their string form; a value that is exactly
 * one placeholder takes the variable's own type, so {@code appium:chromedriverPort: ${chromedriverPort}}
 * becomes a number. Maps and lists are resolved deeply.
 */
final class Placeholders {
  private Placeholders() {}

  static Object resolve(Object template, Map<String, Object> variables, String where) {
    if (template instanceof String s) {
      Matcher whole = DeviceProfile.VARIABLE.matcher(s);
      if (whole.matches()) {
        return lookup(whole.group(1), variables, where);
      }
      Matcher m = DeviceProfile.VARIABLE.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(
            lookup(m.group(1), variables, where))));
      }
      m.appendTail(out);
      return out.toString();
    }
    if (template instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, variables, where)));
      return out;
    }
    if (template instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(resolve(v, variables, where)));
      return out;
    }
    return template;
  }

  static String text(String template, Map<String, Object> variables, String where) {
    return template == null ? null : String.valueOf(resolve(template, variables, where));
  }

  private static Object lookup(String name, Map<String, Object> variables, String where) {
    Object value = variables.get(name);
    if (value == null) {
      throw new FarmException(where + ": no value for ${" + name + "} (have " + variables.keySet()
          + ")");
    }
    return value;
  }
}
