package dev.pitcrew.activities.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.pitcrew.activities.support.ActivityHarness;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.FollowUpRequest;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.PostmortemActivities;
import dev.pitcrew.workflows.incident.PostmortemRequest;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.incident.TimelineEntry;
import dev.pitcrew.workflows.incident.TimelineEvent;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JiraPostmortemActivitiesTest {
  private static final long OPENED = 1_790_000_000_000L; // 2026-09-21T14:13:20Z
  private static final String NONE_FOUND = "{\"issues\": [], \"isLast\": true}";

  private final WireMockServer jira = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private final ActivityHarness harness = new ActivityHarness();
  private PostmortemActivities postmortems;

  @BeforeEach
  void start() {
    jira.start();
    JiraProperties properties = new JiraProperties(jira.baseUrl(), "pitcrew@studio.example", "jira-test-token", null, false,
        "OPS", "Postmortem", "Task", "Relates", Duration.ofSeconds(5));
    postmortems = harness.stub(PostmortemActivities.class,
        new JiraPostmortemActivities(new JiraRestIssues(JiraConfiguration.connect(properties)), properties));
  }

  @AfterEach
  void stop() {
    harness.close();
    jira.stop();
  }

  private static PostmortemRequest resolvedIncident() {
    IncidentStatus incident = new IncidentStatus("incident-checkout-1a2b3c4d5e", "checkout", "payments",
        "Checkout failing", Severity.SEV2, IncidentState.RESOLVED, "alice", OPENED, OPENED + 180_000, "alice",
        OPENED + 3_600_000, "alice", new EscalationStep(1, 0), null, null, null, null, List.of(), null);
    List<TimelineEntry> timeline = List.of(
        new TimelineEntry(OPENED, TimelineEvent.OPENED, "alertmanager", "prometheus", "[SEV2] Checkout failing on payments"),
        new TimelineEntry(OPENED + 180_000, TimelineEvent.ACKNOWLEDGED, "alice", "slack", "Acknowledged by alice"),
        new TimelineEntry(OPENED + 3_600_000, TimelineEvent.RESOLVED, "alice", "slack", "Rolled back deploy 4812"));
    return new PostmortemRequest(incident, "Rolled back deploy 4812", timeline);
  }

  @Test
  void filesThePostmortemWithTheTimelineInAdf() {
    jira.stubFor(post("/rest/api/3/search/jql").willReturn(okJson(NONE_FOUND)));
    jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("{\"id\": \"10042\", \"key\": \"OPS-42\", \"self\": \"" + jira.baseUrl() + "/rest/api/3/issue/10042\"}")));

    assertThat(postmortems.filePostmortem(resolvedIncident())).isEqualTo("OPS-42");

    String basic = Base64.getEncoder().encodeToString("pitcrew@studio.example:jira-test-token".getBytes());
    jira.verify(postRequestedFor(urlEqualTo("/rest/api/3/search/jql"))
        .withRequestBody(equalToJson("""
            {"jql": "labels = \\"pitcrew-incident-checkout-1a2b3c4d5e\\"", "fields": ["key"], "maxResults": 1}""")));
    jira.verify(postRequestedFor(urlEqualTo("/rest/api/3/issue"))
        .withHeader("Authorization", equalTo("Basic " + basic))
        .withRequestBody(equalToJson("""
            {"fields": {
              "project": {"key": "OPS"},
              "issuetype": {"name": "Postmortem"},
              "summary": "Postmortem: [SEV2] Checkout failing",
              "labels": ["pitcrew-postmortem", "pitcrew-incident-checkout-1a2b3c4d5e"],
              "description": {"type": "doc", "version": 1, "content": [
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Summary"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "Rolled back deploy 4812"}]},
                {"type": "bulletList", "content": [
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Service: payments"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Severity: SEV2"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Opened: 2026-09-21T14:13:20Z"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Time to acknowledge: 3m"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Time to resolve: 1h"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Commander: alice"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Acknowledged by: alice"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Resolved by: alice"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Incident: incident-checkout-1a2b3c4d5e"}]}]}
                ]},
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Timeline"}]},
                {"type": "bulletList", "content": [
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "2026-09-21T14:13:20Z OPENED - alertmanager (prometheus): [SEV2] Checkout failing on payments"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "2026-09-21T14:16:20Z ACKNOWLEDGED - alice (slack): Acknowledged by alice"}]}]},
                  {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "2026-09-21T15:13:20Z RESOLVED - alice (slack): Rolled back deploy 4812"}]}]}
                ]},
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Impact"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "To be written by the incident commander."}]},
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Root cause"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "To be written by the incident commander."}]},
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "What went well"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "To be written by the incident commander."}]},
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "What went wrong"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "To be written by the incident commander."}]},
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Follow-ups"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "To be written by the incident commander."}]}
              ]}
            }}""")));
  }

  @Test
  void aRetryFindsThePostmortemAnEarlierAttemptFiled() {
    jira.stubFor(post("/rest/api/3/search/jql").willReturn(okJson("""
        {"issues": [{"id": "10042", "key": "OPS-42"}], "isLast": true}""")));

    assertThat(postmortems.filePostmortem(resolvedIncident())).isEqualTo("OPS-42");
    jira.verify(0, postRequestedFor(urlEqualTo("/rest/api/3/issue")));
  }

  @Test
  void filesAFollowUpAndLinksItToThePostmortem() {
    jira.stubFor(post("/rest/api/3/search/jql").willReturn(okJson(NONE_FOUND)));
    jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("{\"id\": \"10043\", \"key\": \"OPS-43\", \"self\": \"x\"}")));
    jira.stubFor(post("/rest/api/3/issueLink").willReturn(aResponse().withStatus(201)));

    String key = postmortems.fileFollowUp(
        new FollowUpRequest("incident-checkout-1a2b3c4d5e", "OPS-42", 1, "Add a checkout canary"));

    assertThat(key).isEqualTo("OPS-43");
    jira.verify(postRequestedFor(urlEqualTo("/rest/api/3/issue")).withRequestBody(equalToJson("""
        {"fields": {"project": {"key": "OPS"}, "issuetype": {"name": "Task"}, "summary": "Add a checkout canary",
          "labels": ["pitcrew-follow-up", "pitcrew-incident-checkout-1a2b3c4d5e-followup-1"],
          "description": {"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "Follow-up from postmortem OPS-42"}]}]}}}""")));
    jira.verify(postRequestedFor(urlEqualTo("/rest/api/3/issueLink")).withRequestBody(equalToJson("""
        {"type": {"name": "Relates"}, "inwardIssue": {"key": "OPS-43"}, "outwardIssue": {"key": "OPS-42"}}""")));
  }

  @Test
  void serverErrorsAreRetriedAndBadRequestsAreNot() {
    jira.stubFor(post("/rest/api/3/search/jql").willReturn(okJson(NONE_FOUND)));
    jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(503)));
    ApplicationFailure unavailable = ActivityHarness.failureOf(() -> postmortems.filePostmortem(resolvedIncident()));
    assertThat(unavailable.isNonRetryable()).isFalse();

    jira.stubFor(post("/rest/api/3/issue").willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
        .withBody("{\"errorMessages\": [], \"errors\": {\"issuetype\": \"Specify a valid issue type\"}}")));
    ApplicationFailure rejected = ActivityHarness.failureOf(() -> postmortems.filePostmortem(resolvedIncident()));
    assertThat(rejected.isNonRetryable()).isTrue();
    assertThat(rejected.getOriginalMessage()).contains("Specify a valid issue type").doesNotContain("jira-test-token");
  }
}
