package dev.pitcrew.api.outbox;

import dev.pitcrew.activities.outbox.OutboxEntry;
import dev.pitcrew.activities.outbox.OutboxQuery;
import dev.pitcrew.activities.outbox.OutboxRepository;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.InstantParameter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/outbox}: everything Pitcrew would have sent to PagerDuty, Slack, JIRA and email had they been
 * configured (and the SLA notifications it did send, marked {@code SENT}), newest first, from the one
 * {@code outbox} table. Filters: integration, run (workflow ID), a time window. Nothing in it is a secret: routing
 * keys, tokens and response URLs are never written.
 */
@RestController
class OutboxController {
  static final Set<String> INTEGRATIONS = Set.of("pagerduty", "slack", "jira", "email");
  private static final int MAX_LIMIT = 500;

  /**
   * One would-be request.
   *
   * @param id the entry's number, {@code outbox:<n>}
   * @param operation what would have been called: {@code trigger}, {@code conversations.create},
   *     {@code chat.postMessage}, {@code createIssue}, {@code issueLink}, {@code WARNING}, ...
   * @param target where to: a PagerDuty service name, a Slack channel, a JIRA project, an email address
   * @param runId the workflow it was for, when known
   * @param delivery {@code NOT_CONFIGURED} (would have sent) or {@code SENT}
   * @param payload the request body the integration would have received
   */
  record Item(
      String id, String integration, String operation, String target, String runId, String delivery,
      JsonNode payload, Instant createdAt) {}

  private final OutboxRepository outbox;
  private final JsonMapper json;

  OutboxController(OutboxRepository outbox, JsonMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  @GetMapping("/api/v1/outbox")
  @PreAuthorize("@access.can('outbox.read')")
  Map<String, Object> list(
      @RequestParam(required = false) String integration,
      @RequestParam(required = false) String run,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String until,
      @RequestParam(defaultValue = "50") int limit) {
    if (integration != null && !INTEGRATIONS.contains(integration)) {
      throw ApiException.badField("integration", "must be one of pagerduty, slack, jira, email");
    }
    if (run != null && (run.isBlank() || run.length() > 200)) {
      throw ApiException.badField("run", "must be a workflow ID of 1 to 200 characters");
    }
    Instant start = InstantParameter.parse("from", from);
    Instant end = InstantParameter.parse("until", until);
    if (start != null && end != null && !start.isBefore(end)) {
      throw ApiException.badField("until", "must be after from");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badField("limit", "must be between 1 and " + MAX_LIMIT);
    }
    List<Item> items = outbox.find(OutboxQuery.newest(limit).ofIntegration(integration).ofRun(run)
            .between(start, end)).stream()
        .map(this::item)
        .toList();
    return Map.of("items", items);
  }

  private Item item(OutboxEntry e) {
    return new Item("outbox:" + e.id(), e.integration(), e.operation(), e.target(), e.runId(), e.delivery(),
        json.readTree(e.payload()), e.createdAt());
  }
}
