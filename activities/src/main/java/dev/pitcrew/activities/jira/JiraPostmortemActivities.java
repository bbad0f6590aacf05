package dev.pitcrew.activities.jira;

import dev.pitcrew.workflows.incident.FollowUpRequest;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.PostmortemActivities;
import dev.pitcrew.workflows.incident.PostmortemRequest;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Files postmortems and follow-ups. Each issue carries a label unique to it, looked up before creating, so a
 * retry after a lost response finds the issue instead of filing a second one (JIRA's search is eventually
 * consistent, so a retry within seconds may still duplicate; rare, and harmless to close by hand).
 */
@Component
public class JiraPostmortemActivities implements PostmortemActivities {
  private final JiraIssues jira;
  private final JiraProperties properties;

  public JiraPostmortemActivities(JiraIssues jira, JiraProperties properties) {
    this.jira = jira;
    this.properties = properties;
  }

  @Override
  public String filePostmortem(PostmortemRequest request) {
    IncidentStatus incident = request.incident();
    String label = "pitcrew-" + incident.incidentId();
    return jira.findByLabel(label).orElseGet(() -> jira.create(Map.of(
        "project", Map.of("key", properties.projectKey()),
        "issuetype", Map.of("name", properties.postmortemIssueType()),
        "summary", "Postmortem: [" + incident.severity() + "] " + incident.title(),
        "labels", List.of("pitcrew-postmortem", label),
        "description", PostmortemDocument.of(request))));
  }

  @Override
  public String fileFollowUp(FollowUpRequest request) {
    String label = "pitcrew-" + request.incidentId() + "-followup-" + request.number();
    String key = jira.findByLabel(label).orElseGet(() -> jira.create(Map.of(
        "project", Map.of("key", properties.projectKey()),
        "issuetype", Map.of("name", properties.followUpIssueType()),
        "summary", request.summary(),
        "labels", List.of("pitcrew-follow-up", label),
        "description", PostmortemDocument.paragraphDocument("Follow-up from postmortem " + request.postmortemKey()))));
    // Linking the same pair twice is accepted by JIRA without creating a second link.
    jira.link(properties.linkType(), key, request.postmortemKey());
    return key;
  }
}
