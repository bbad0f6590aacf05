package dev.pitcrew.api.outbox;

import dev.pitcrew.activities.outbox.OutboxRepository;
import dev.pitcrew.activities.slack.SlackOutbox;
import dev.pitcrew.api.problem.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/outbox}: everything Pitcrew would have sent to PagerDuty, Slack and JIRA had they been
 * configured, newest first, in one list. Two tables feed it: {@code integration_outbox} (incident paging, incident
 * channels, postmortems) and {@code slack_outbox} (ChatOps replies and run messages, also listed by
 * {@code GET /api/v1/slack/outbox}). Neither holds secrets: routing keys, tokens and response URLs are never written.
 */
@RestController
class OutboxController {
  static final Set<String> INTEGRATIONS = Set.of("pagerduty", "slack", "jira");
  private static final String SLACK = "slack";

  /**
   * One would-be request.
   *
   * @param id unique across both tables: {@code integration_outbox:<n>} or {@code slack_outbox:<n>}
   * @param operation what would have been called: {@code trigger}, {@code conversations.create},
   *     {@code chat.postMessage}, {@code createIssue}, {@code issueLink}, ...
   * @param target where to: a PagerDuty service name, a Slack channel, a JIRA project
   * @param payload the request body the integration would have received
   */
  record Item(String id, String integration, String operation, String target, JsonNode payload, Instant createdAt) {}

  private final OutboxRepository integrations;
  private final SlackOutbox chatOps;
  private final JsonMapper json;

  OutboxController(OutboxRepository integrations, JdbcClient jdbc, JsonMapper json) {
    this.integrations = integrations;
    this.chatOps = new SlackOutbox(jdbc);
    this.json = json;
  }

  @GetMapping("/api/v1/outbox")
  @PreAuthorize("@access.can('outbox.read')")
  Map<String, Object> list(
      @RequestParam(required = false) String integration, @RequestParam(defaultValue = "50") int limit) {
    if (integration != null && !INTEGRATIONS.contains(integration)) {
      throw ApiException.badField("integration", "must be one of pagerduty, slack, jira");
    }
    if (limit < 1 || limit > 500) {
      throw ApiException.badField("limit", "must be between 1 and 500");
    }
    List<Item> items = new ArrayList<>();
    integrations.newestFirst(integration, limit).forEach(e -> items.add(new Item("integration_outbox:" + e.id(),
        e.integration(), e.operation(), e.target(), json.readTree(e.payload()), e.createdAt())));
    if (integration == null || SLACK.equals(integration)) {
      // list() fetches one row more than asked, to tell whether another page follows; not needed here.
      chatOps.list(0, limit).stream().limit(limit).forEach(e -> items.add(new Item("slack_outbox:" + e.id(), SLACK,
          e.method(), e.channel(), json.readTree(e.body()), e.createdAt())));
    }
    return Map.of("items", items.stream()
        .sorted(Comparator.comparing(Item::createdAt).reversed())
        .limit(limit)
        .toList());
  }
}
