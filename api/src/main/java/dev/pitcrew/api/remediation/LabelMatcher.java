package dev.pitcrew.api.remediation;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Alertmanager label matcher, written as Alertmanager writes them: {@code alertname="PodOOMKilled"},
 * {@code namespace=~"game-.*"}, {@code severity!="info"}, {@code pod!~"canary-.*"}. As in Alertmanager, regular
 * expressions are anchored at both ends and a missing label has the empty value (so {@code team!=""} means "has a
 * team label").
 */
record LabelMatcher(String label, String operator, String value, Pattern pattern) {
  private static final Pattern SYNTAX =
      Pattern.compile("^\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\"\\s]*))\\s*$");

  static LabelMatcher parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "is not a label matcher: write label=\"value\", label!=\"value\", label=~\"regex\" or label!~\"regex\"");
    }
    String operator = m.group(2);
    String value = m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(4);
    Pattern pattern = null;
    if (operator.endsWith("~")) {
      try {
        pattern = Pattern.compile("^(?:" + value + ")$");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("has an invalid regular expression: " + e.getDescription());
      }
    }
    return new LabelMatcher(m.group(1), operator, value, pattern);
  }

  boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(label, "");
    return switch (operator) {
      case "=" -> actual.equals(value);
      case "!=" -> !actual.equals(value);
      case "=~" -> pattern.matcher(actual).matches();
      default -> !pattern.matcher(actual).matches();
    };
  }
}
