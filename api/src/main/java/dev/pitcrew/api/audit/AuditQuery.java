package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditEvent;
import dev.pitcrew.activities.audit.AuditOutcome;
import dev.pitcrew.activities.audit.AuditText;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The filters of {@code GET /api/v1/audit} and its export; every one optional.
 *
 * @param actionPrefix matches actions starting with it, e.g. {@code POST /api/v1/deployments}
 * @param from inclusive
 * @param to exclusive
 */
record AuditQuery(
    String principal, String channel, String actionPrefix, String target, AuditOutcome outcome, Instant from,
    Instant to) {
  static final Set<String> FILTERS = Set.of("principal", "channel", "action", "target", "outcome", "from", "to");
  private static final Set<String> CHANNELS =
      Set.of(AuditEvent.REST, AuditEvent.CONSOLE, AuditEvent.SLACK, AuditEvent.WEBHOOK, AuditEvent.WORKFLOW);

  /**
   * Reads the filters from query parameters; {@code alsoAllowed} are other parameters the endpoint takes (paging).
   * Every bad or unknown parameter is named in one 400 problem.
   */
  static AuditQuery parse(MultiValueMap<String, String> parameters, Set<String> alsoAllowed) {
    List<FieldProblem> problems = new ArrayList<>();
    parameters.keySet().stream()
        .filter(name -> !FILTERS.contains(name) && !alsoAllowed.contains(name))
        .sorted()
        .forEach(name -> problems.add(new FieldProblem(name, "is not a filter; filters are " + FILTERS.stream()
            .sorted().toList())));
    String channel = parameters.getFirst("channel");
    if (channel != null && !CHANNELS.contains(channel)) {
      problems.add(new FieldProblem("channel", "must be one of " + CHANNELS.stream().sorted().toList()));
    }
    AuditOutcome outcome = null;
    String outcomeText = parameters.getFirst("outcome");
    if (outcomeText != null) {
      try {
        outcome = AuditOutcome.valueOf(outcomeText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem("outcome", "must be one of " + Arrays.toString(AuditOutcome.values())));
      }
    }
    Instant from = instant(parameters, "from", problems);
    Instant to = instant(parameters, "to", problems);
    if (from != null && to != null && !from.isBefore(to)) {
      problems.add(new FieldProblem("to", "must be after from"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList()), problems);
    }
    return new AuditQuery(text(parameters, "principal", AuditText.PRINCIPAL), channel,
        text(parameters, "action", AuditText.ACTION), text(parameters, "target", AuditText.TARGET), outcome, from, to);
  }

  /** As stored: a NUL (which PostgreSQL would refuse) matches the U+FFFD it was stored as. */
  private static String text(MultiValueMap<String, String> parameters, String name, int maxCodePoints) {
    return AuditText.storable(parameters.getFirst(name), maxCodePoints);
  }

  private static Instant instant(MultiValueMap<String, String> parameters, String name, List<FieldProblem> problems) {
    String text = parameters.getFirst(name);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"));
      return null;
    }
  }
}
