package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.workflows.text.StorableText;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The rules every field of every API body obeys, whatever record it is read into: text PostgreSQL can store (no
 * NUL, no unpaired surrogate) and a ceiling on every string and collection. Records add tighter
 * {@code @Size} limits of their own; this is the floor that keeps a field nobody thought to bound from growing a
 * megabyte row or a 12-second request.
 */
final class InputBounds {
  /** Longest string any API field may carry (64 KiB characters; descriptions are the longest real text). */
  static final int MAX_STRING = 65_536;
  /** Most items any array or object in an API body may hold. */
  static final int MAX_ITEMS = 1_000;

  private InputBounds() {
  }

  /** Adds a problem for every field of {@code json} that breaks a rule, named as the API names fields. */
  static void check(JsonNode json, String path, List<FieldProblem> problems) {
    if (json.isString()) {
      checkText(json.asString(), path, problems);
    } else if (json.isArray()) {
      if (json.size() > MAX_ITEMS) {
        problems.add(new FieldProblem(name(path), "must have at most " + MAX_ITEMS + " items"));
        return;
      }
      for (int i = 0; i < json.size(); i++) {
        check(json.get(i), path + "[" + i + "]", problems);
      }
    } else if (json.isObject()) {
      if (json.size() > MAX_ITEMS) {
        problems.add(new FieldProblem(name(path), "must have at most " + MAX_ITEMS + " entries"));
        return;
      }
      for (Map.Entry<String, JsonNode> entry : json.properties()) {
        String field = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        String unstorableName = StorableText.describeUnstorable(entry.getKey());
        if (unstorableName != null) {
          // The name itself cannot be echoed safely; say where it is instead.
          problems.add(new FieldProblem(name(path), "has a field name that " + unstorableName));
          continue;
        }
        check(entry.getValue(), field, problems);
      }
    }
  }

  private static void checkText(String text, String path, List<FieldProblem> problems) {
    if (text.length() > MAX_STRING) {
      problems.add(new FieldProblem(name(path), "must be at most " + MAX_STRING + " characters"));
      return;
    }
    String unstorable = StorableText.describeUnstorable(text);
    if (unstorable != null) {
      problems.add(new FieldProblem(name(path), unstorable));
    }
  }

  private static String name(String path) {
    return path.isEmpty() ? "body" : path;
  }
}
