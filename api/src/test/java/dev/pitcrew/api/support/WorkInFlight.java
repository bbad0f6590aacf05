package dev.pitcrew.api.support;

import static dev.pitcrew.api.support.ApiReads.ok;
import static dev.pitcrew.api.support.ApiReads.pagerDutyTriggers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi.Response;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The work the restart tests (KillNineTest, EngineLossRecoveryTest) leave in flight when Pitcrew or its engine goes
 * away: a game-api deployment waiting for its approval, one paged incident, and SLA tickets of category
 * {@code quick} on goals the test sizes. Each step waits until the server has it, so a restart finds it recorded.
 */
public final class WorkInFlight {
  public static final String DEPLOYMENT = "deploy-game-api@staging";
  /** The same alert again, after the restart, must join the incident and page no one a second time. */
  public static final String INCIDENT_DECLARATION = """
      {"title":"Disk full on db-1","service":"game-api","severity":"SEV2","dedupKey":"disk-full-db-1"}""";

  private final HttpApi api;
  private final Duration wait;

  public WorkInFlight(HttpApi api, Duration wait) {
    this.api = api;
    this.wait = wait;
  }

  /** game-api in staging, no automatic promotion: its deployment stops in AwaitingApproval. */
  public void deploymentAwaitingApproval() {
    ok(api.put("/api/v1/services/game-api", """
        {"imageRepository":"registry.example/game-api","environments":["staging","production"],"replicas":2,
         "strategy":{"autoPromotionEnabled":false,"scaleDownDelaySeconds":1,"abortScaleDownDelaySeconds":1,
                     "rollbackWindowSeconds":120}}"""));
    Response deployed = api.post("/api/v1/deployments", """
        {"service":"game-api","environment":"staging","image":"v1"}""");
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
    await().atMost(wait).until(() -> api.get("/api/v1/deployments/" + DEPLOYMENT).body(),
        d -> d != null && "AwaitingApproval".equals(d.path("phase").asString()));
  }

  /** {@link #INCIDENT_DECLARATION}, paged once and readable; its incident ID. */
  public String pagedIncident(String... headers) {
    Response declared = api.post("/api/v1/incidents", INCIDENT_DECLARATION, headers);
    assertThat(declared.status()).as(declared.text()).isEqualTo(201);
    String incidentId = declared.body().get("incidentId").asString();
    await().atMost(wait).until(() -> pagerDutyTriggers(api).size() == 1);
    await().atMost(wait).until(() -> api.get("/api/v1/incidents/" + incidentId).status() == 200);
    return incidentId;
  }

  /**
   * Tickets of category {@code quick} go to queue {@code quick} (agent bob), whose policy has these first-response
   * goals by priority, a resolution goal of an hour, and a Slack message on breach.
   */
  public void quickSlaQueue(Map<String, Duration> firstResponseByPriority) {
    String goals = firstResponseByPriority.entrySet().stream()
        .map(goal -> "{\"priority\": \"%s\", \"firstResponse\": \"%s\", \"resolution\": \"PT1H\"}"
            .formatted(goal.getKey(), goal.getValue()))
        .collect(Collectors.joining(", "));
    ok(api.put("/api/v1/sla/policies/quick", """
        {"calendar": "always", "goals": [%s],
         "resolvedStatuses": ["Resolved"], "warningPercents": [90], "breachActions": {"slack": true},
         "reopenWindow": "PT1M"}""".formatted(goals)));
    ok(api.put("/api/v1/sla/queues/quick", """
        {"policy": "quick", "slackChannel": "#quick", "agents": [{"name": "bob", "email": "bob@studio.example"}]}"""));
    ok(api.put("/api/v1/sla/routing-rules", "{\"rules\": [{\"category\": \"quick\", \"queue\": \"quick\"}]}"));
  }

  /** A new ticket of category {@code quick}; its key. */
  public String quickTicket(String title, String priority) {
    Response created = api.post("/api/v1/tickets", """
        {"title": "%s", "requesterEmail": "player@example.com", "priority": "%s", "category": "quick"}"""
        .formatted(title, priority));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.body().get("ticketKey").asString();
  }
}
