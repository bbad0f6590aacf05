package dev.pitcrew.api.security;

import dev.pitcrew.api.problem.ApiException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the authenticated caller into a request's actor field, so what a workflow records as "who" is always the
 * principal, never a name the caller typed. The same person may still send their own identity (old scripts do).
 */
@Component
public class ActorStamp {
  private final Access access;

  ActorStamp(Access access) {
    this.access = access;
  }

  /** Stamps {@code field} of {@code body} (an object; anything else is left for the reader to refuse). */
  public void stamp(JsonNode body, String field) {
    if (!(body instanceof ObjectNode object)) {
      return;
    }
    String identity = access.identity();
    JsonNode given = object.get(field);
    if (given != null && !given.isNull() && !(given.isString() && given.asString().equalsIgnoreCase(identity))) {
      throw ApiException.badField(field, "is decided by your credentials (" + identity + "): leave it out; "
          + "Pitcrew records the authenticated caller, not a name in the request");
    }
    object.put(field, identity);
  }
}
