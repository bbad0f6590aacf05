package dev.pitcrew.api.runs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Names a field the way the API's 400s do ({@code labels[2]}, {@code input.holdSeconds}) from Jackson's JSON
 * Pointer ({@code /labels/2}). The body is consulted because a pointer cannot tell an array index from a field
 * named {@code 2}.
 */
final class FieldPaths {
  private FieldPaths() {
  }

  /** The field under {@code prefix}; the prefix alone (or {@code body}) for the whole object. */
  static String of(String prefix, JsonPointer pointer, JsonNode root) {
    String path = path(prefix, pointer, root);
    return path.isEmpty() ? "body" : path;
  }

  private static String path(String prefix, JsonPointer pointer, JsonNode root) {
    StringBuilder path = new StringBuilder(prefix);
    JsonNode node = root;
    for (JsonPointer at = pointer; at != null && !at.matches(); at = at.tail()) {
      String segment = at.getMatchingProperty();
      if (node != null && node.isArray() && at.getMatchingIndex() >= 0) {
        path.append('[').append(at.getMatchingIndex()).append(']');
        node = node.get(at.getMatchingIndex());
      } else {
        path.append(path.isEmpty() ? "" : ".").append(segment);
        node = node == null ? null : node.get(segment);
      }
    }
    return path.toString();
  }

  /**
   * The field of a problem Jackson collected. An unknown property is reported at the object that holds it; the
   * property itself is only in the message ({@code Unknown property 'colour' for type ...}), so it is added here.
   */
  static String ofCollected(String prefix, JsonPointer pointer, JsonNode root, String message) {
    String object = path(prefix, pointer, root);
    Matcher name = UNKNOWN.matcher(message == null ? "" : message);
    if (!name.find()) {
      return object.isEmpty() ? "body" : object;
    }
    return object.isEmpty() ? name.group(1) : object + "." + name.group(1);
  }

  private static final Pattern UNKNOWN = Pattern.compile("^Unknown property '(.*)' for type ", Pattern.DOTALL);
}
