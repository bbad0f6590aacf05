package dev.pitcrew.api.hooks;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.text.StorableText;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the webhook parsers read a delivery's JSON: the body must be one JSON object (anything else is a 400 on
 * {@code body}), and a field counts as given only when it is a non-blank string. Each parser keeps its own checks of
 * what the sender's payload must contain.
 */
final class WebhookJson {
  private WebhookJson() {
  }

  /**
   * The body as a JSON object, or a 400 on {@code body}.
   *
   * @param expected what the body must be, for the message, e.g. {@code "a JSON object (a PagerDuty v3 webhook
   *     payload)"}
   */
  static JsonNode object(JsonMapper mapper, byte[] body, String expected) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badField("body", "is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badField("body", "must be " + expected);
    }
    return root;
  }

  /**
   * A non-blank string value made storable ({@link StorableText}: a vendor's NUL must never stop an incident
   * from opening), or null for anything else (missing, null, a number, an object).
   */
  static String text(JsonNode node) {
    if (node == null || !node.isString()) {
      return null;
    }
    String value = StorableText.of(node.asString());
    return value.isBlank() ? null : value;
  }
}
