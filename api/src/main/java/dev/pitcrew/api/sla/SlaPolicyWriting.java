package dev.pitcrew.api.sla;

import dev.pitcrew.activities.sla.SlaConfigStore;
import dev.pitcrew.activities.sla.SlaPolicyDocument;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RequestReader;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks an SLA policy and saves it: for {@code PUT /api/v1/sla/policies/{name}} and the console's form alike, so
 * both refuse the same things with the same field names ({@code policy.goals[0].resolution}). Nothing is saved
 * when it throws.
 */
@Component
class SlaPolicyWriting {
  private final RequestReader reader;
  private final SlaConfigStore config;

  SlaPolicyWriting(RequestReader reader, SlaConfigStore config) {
    this.reader = reader;
    this.config = config;
  }

  /** Checks and saves; answers the policy as saved. */
  SlaPolicyDocument save(String name, JsonNode body) {
    SlaPolicyDocument policy = check(name, body);
    config.savePolicy(name, policy);
    return policy;
  }

  /** Every check {@link #save} makes, saving nothing: for a form that has already refused a field of its own. */
  SlaPolicyDocument check(String name, JsonNode body) {
    SlaNames.check(name);
    SlaPolicyDocument policy = reader.read(body, SlaPolicyDocument.class, "policy");
    if (config.calendar(policy.calendar()).isEmpty()) {
      throw ApiException.badField("policy.calendar", "no calendar named '" + policy.calendar() + "'");
    }
    Set<String> priorities = new HashSet<>();
    for (int i = 0; i < policy.goals().size(); i++) {
      SlaPolicyDocument.PriorityGoals goals = policy.goals().get(i);
      String field = "policy.goals[" + i + "]";
      if (!priorities.add(goals.priority().toLowerCase(Locale.ROOT))) {
        throw ApiException.badField(field + ".priority", "'" + goals.priority() + "' appears twice");
      }
      positive(field + ".firstResponse", goals.firstResponse());
      positive(field + ".resolution", goals.resolution());
    }
    if (policy.reopenWindow() != null && policy.reopenWindow().isNegative()) {
      throw ApiException.badField("policy.reopenWindow", "must not be negative");
    }
    return policy;
  }

  private static void positive(String field, Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      throw ApiException.badField(field, "must be a positive ISO-8601 duration such as PT4H");
    }
  }
}
