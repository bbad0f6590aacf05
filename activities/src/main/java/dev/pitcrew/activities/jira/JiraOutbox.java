package dev.pitcrew.activities.jira;

import dev.pitcrew.activities.outbox.OutboxRepository;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** Local mode: writes each JIRA request body to the outbox; issues it "creates" are keyed {@code OUTBOX-<id>}. */
public class JiraOutbox implements JiraIssues {
  private final OutboxRepository outbox;
  private final String projectKey;
  private final JsonMapper json = JsonMapper.builder().build();

  public JiraOutbox(OutboxRepository outbox, String projectKey) {
    this.outbox = outbox;
    this.projectKey = projectKey;
  }

  @Override
  public Optional<String> findByLabel(String label) {
    return Optional.empty();
  }

  @Override
  public String create(Map<String, Object> fields) {
    return "OUTBOX-" + outbox.append("jira", "createIssue", projectKey, null,
        json.writeValueAsString(Map.of("fields", fields)));
  }

  @Override
  public void link(String linkType, String inwardKey, String outwardKey) {
    outbox.append("jira", "issueLink", projectKey, null, json.writeValueAsString(Map.of(
        "type", Map.of("name", linkType),
        "inwardIssue", Map.of("key", inwardKey), "outwardIssue", Map.of("key", outwardKey))));
  }
}
