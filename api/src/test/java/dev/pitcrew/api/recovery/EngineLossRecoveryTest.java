package dev.pitcrew.api.recovery;

import static dev.pitcrew.api.support.ApiReads.goal;
import static dev.pitcrew.api.support.ApiReads.items;
import static dev.pitcrew.api.support.ApiReads.pagerDutyTriggers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.PitcrewApplication;
import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.LocalModeTestProperties;
import dev.pitcrew.api.support.WorkInFlight;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Engine loss: Pitcrew against an external Temporal test server that keeps its state in memory, with PostgreSQL
 * kept on disk. A ticket, an incident and a deployment are in flight when both Pitcrew and the engine stop; a new
 * engine (empty) starts on the same port and Pitcrew starts again on the same database. No run stays a RUNNING
 * ghost: the ticket and the incident are recovered from PostgreSQL, the deployment is LOST and says so.
 */
class EngineLossRecoveryTest {
  @TempDir static Path dataDir;
  static final int ENGINE_PORT = FreePorts.next();
  static final Duration WAIT = Duration.ofSeconds(90);
  /**
   * The ticket's first-response goal: it must fall due after Pitcrew and its engine have stopped (a few seconds after
   * the ticket is made), and the test waits it out, so it is no longer than that with room for a loaded machine.
   */
  static final Duration FIRST_RESPONSE = Duration.ofSeconds(25);
  /** Past the due time by more than the 10 s after which a breach counts as late (SlaRecordActivitiesImpl). */
  static final Duration LATE_BY = Duration.ofSeconds(11);

  @Test
  void aLostEngineIsReconciledAndRecoveredNeverLeftAsGhosts() throws Exception {
    TestServer.PortBoundTestServer engine = TestServer.createPortBoundServer(ENGINE_PORT, true);
    String ticketKey;
    String firstResponseDue;
    String incidentId;
    String deploymentId = WorkInFlight.DEPLOYMENT;
    try (ConfigurableApplicationContext first = start()) {
      HttpApi api = api(first);
      WorkInFlight work = new WorkInFlight(api, WAIT);
      work.quickSlaQueue(Map.of("High", FIRST_RESPONSE));
      work.deploymentAwaitingApproval();
      incidentId = work.pagedIncident();

      ticketKey = work.quickTicket("Cannot log in", "High");
      String key = ticketKey;
      JsonNode ticket = await().atMost(WAIT).until(() -> api.get("/api/v1/tickets/" + key),
          r -> r.status() == 200 && !r.body().get("sla").path("goals").isEmpty()).body();
      firstResponseDue = goal(ticket, "FIRST_RESPONSE").get("dueAt").asString();
      // The clocks are recorded with the ticket's snapshot; recovery reads them from there.
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      await().atMost(WAIT).until(() -> jdbc.sql("select clocks is not null from sla_tickets where ticket_key = ?")
          .param(key).query(Boolean.class).single());
    }
    engine.close();
    Instant stopped = Instant.now();
    Instant due = Instant.parse(firstResponseDue);
    System.out.printf("EngineLossRecoveryTest: Pitcrew and its engine stopped %s, the breach due %s%n", stopped, due);
    assertThat(stopped).as("stopped before the breach fell due").isBefore(due);

    // The first response falls due while nothing runs, and the engine is back only once its breach is late.
    long untilDue = Duration.between(Instant.now(), due.plus(LATE_BY)).toMillis();
    if (untilDue > 0) {
      Thread.sleep(untilDue);
    }

    TestServer.PortBoundTestServer newEngine = startEngineAgain();
    try (ConfigurableApplicationContext second = start()) {
      HttpApi api = api(second);
      JdbcClient jdbc = second.getBean(JdbcClient.class);

      // No ghost: nothing the old engine ran is RUNNING on the old run IDs any more.
      await().atMost(WAIT).until(() -> items(api.get("/api/v1/runs?status=LOST").body()).stream()
          .anyMatch(r -> r.get("workflowId").asString().equals(deploymentId)));
      JsonNode lostDeployment = items(api.get("/api/v1/runs?status=LOST").body()).stream()
          .filter(r -> r.get("workflowId").asString().equals(deploymentId)).findFirst().orElseThrow();
      assertThat(lostDeployment.get("outcome").asString())
          .contains("the Temporal engine no longer holds this run").contains("cluster now:")
          .contains("AwaitingApproval");

      // Actions on the lost deployment: one 409 problem naming the reason and what to do.
      Response approve = api.post("/api/v1/deployments/" + deploymentId + "/approve", "{}");
      assertThat(approve.status()).as(approve.text()).isEqualTo(409);
      assertThat(approve.body().get("title").asString()).isEqualTo("Run lost");
      assertThat(approve.body().get("runStatus").asString()).isEqualTo("LOST");
      assertThat(approve.body().get("whatToDo").asString()).contains("new deployment").contains("rollback");
      Response cancel = api.post("/api/v1/runs/" + deploymentId + "/cancel", "{}");
      assertThat(cancel.status()).as(cancel.text()).isEqualTo(409);
      assertThat(cancel.body().get("title").asString()).isEqualTo("Run lost");
      Response signal = api.post("/api/v1/runs/" + deploymentId + "/signals/approve", "{}");
      assertThat(signal.status()).as(signal.text()).isEqualTo(409);
      assertThat(api.get("/api/v1/runs/" + deploymentId).body().get("status").asString()).isEqualTo("LOST");

      // The ticket runs again, with its original due time; the breach that fell due in the outage fired at once,
      // marked late.
      String key = ticketKey;
      JsonNode ticket = await().atMost(WAIT).until(() -> api.get("/api/v1/tickets/" + key),
          r -> r.status() == 200 && r.body().path("sla").path("goals").size() > 0
              && "BREACHED".equals(goal(r.body(), "FIRST_RESPONSE").path("state").asString())).body();
      assertThat(goal(ticket, "RESOLUTION").get("dueAt").asString()).isNotNull();
      String note = await().atMost(WAIT).until(() -> jdbc.sql(
              "select breach_note from sla_outcomes where ticket_key = ? and goal = 'FIRST_RESPONSE'")
          .param(key).query(String.class).optional().orElse(null), n -> n != null);
      assertThat(note).startsWith("breach fired late: due " + Instant.parse(firstResponseDue));
      assertThat(jdbc.sql("select breached_at from sla_outcomes where ticket_key = ? and goal = 'FIRST_RESPONSE'")
          .param(key).query(java.sql.Timestamp.class).single().toInstant())
          .isEqualTo(Instant.parse(firstResponseDue));
      Response event = api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"first-response\"}");
      assertThat(event.status()).as(event.text()).isIn(200, 202);

      // The incident is open again under its ID; a re-fired alert joins it, and PagerDuty was paged once.
      await().atMost(WAIT).until(() -> {
        Response incident = api.get("/api/v1/incidents/" + incidentId);
        return incident.status() == 200 && "OPEN".equals(incident.body().path("state").asString());
      });
      Response refired = api.post("/api/v1/incidents", WorkInFlight.INCIDENT_DECLARATION);
      assertThat(refired.status()).as(refired.text()).isEqualTo(200);
      assertThat(refired.body().get("incidentId").asString()).isEqualTo(incidentId);
      assertThat(refired.body().get("outcome").asString()).isEqualTo("JOINED");
      Thread.sleep(2_000);
      assertThat(pagerDutyTriggers(api)).hasSize(1);
      Response ack = api.post("/api/v1/incidents/" + incidentId + "/acknowledge", "{}");
      assertThat(ack.status()).as(ack.text()).as("a decision is answered once applied").isEqualTo(200);

      // No RUNNING row is left on a run Temporal does not hold.
      List<JsonNode> running = items(api.get("/api/v1/runs?status=RUNNING&size=100").body());
      for (JsonNode run : running) {
        assertThat(run.get("workflowId").asString()).isNotEqualTo(deploymentId);
      }
      assertThat(jdbc.sql("select count(*) from runs where status = 'CLOSED_LOST' and recovered_as is not null")
          .query(Integer.class).single()).isEqualTo(2);

      // What the 409 advises works: a new deployment of the same service and environment starts.
      Response redeployed = api.post("/api/v1/deployments", """
          {"service":"game-api","environment":"staging","image":"v1"}""");
      assertThat(redeployed.status()).as(redeployed.text()).isEqualTo(201);

      // Closing the lost deployment takes it off the lost list.
      Response closed = api.post("/api/v1/runs/" + deploymentId + "/close", "{\"reason\":\"checked the cluster\"}");
      assertThat(closed.status()).as(closed.text()).isEqualTo(200);
      assertThat(items(api.get("/api/v1/runs?status=LOST").body())).noneMatch(
          r -> r.get("workflowId").asString().equals(deploymentId));
      assertThat(api.post("/api/v1/runs/" + deploymentId + "/close", "{}").status()).isEqualTo(409);
    } finally {
      newEngine.close();
    }
  }

  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(PitcrewApplication.class)
        .properties(Map.of(
            "server.port", "0",
            "pitcrew.security.bootstrap.admin-token", LocalModeTestProperties.ADMIN_TOKEN,
            "pitcrew.local.data-dir", dataDir.toString(),
            "pitcrew.local.temporal-port", String.valueOf(FreePorts.next()),
            "pitcrew.temporal.target", "127.0.0.1:" + ENGINE_PORT,
            "pitcrew.temporal.namespace", "default",
            "pitcrew.recovery.reconcile-interval", "2s"))
        .run();
  }

  /** A new, empty engine on the same port; the old one's port may take a moment to be free. */
  private static TestServer.PortBoundTestServer startEngineAgain() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> TestServer.createPortBoundServer(ENGINE_PORT, true), s -> s != null);
  }

  private static HttpApi api(ConfigurableApplicationContext context) {
    return new HttpApi(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
  }
}
