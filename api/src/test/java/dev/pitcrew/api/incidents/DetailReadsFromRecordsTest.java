package dev.pitcrew.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Incident and ticket detail answer from Pitcrew's records in PostgreSQL, not from a query through a worker (which
 * waits behind the workflow's tasks), and whoever just steered reads the change in their very next read.
 *
 * <p>"From the records" is shown by changing the record behind the workflow's back: the detail shows the changed
 * record, which no workflow query would. "Read your writes" is shown by reading once, at once, after the decision's
 * answer: no waiting, no retry.
 */
class DetailReadsFromRecordsTest extends SharedServerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired ApiTokens tokens;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient client;

  @Test
  void incidentDetailIsItsRecordAndShowsTheCallersDecisionAtOnce() {
    Response opened = api.post("/api/v1/incidents",
        "{\"title\": \"Lobby lag\", \"service\": \"detail-reads\", \"severity\": \"SEV3\"}");
    assertThat(opened.status()).as(opened.text()).isEqualTo(201);
    String id = opened.body().get("incidentId").asString();
    await().atMost(WAIT).until(() -> api.get("/api/v1/incidents/" + id),
        r -> r.status() == 200 && r.body().get("answeredBy").asString().equals("incidents-table"));

    jdbc.sql("update incidents set title = 'Lobby lag (as recorded)' where incident_id = :id").param("id", id).update();
    JsonNode recorded = api.get("/api/v1/incidents/" + id).body();
    assertThat(recorded.get("title").asString()).as("the record, not the workflow").isEqualTo("Lobby lag (as recorded)");
    assertThat(recorded.get("state").asString()).isEqualTo("OPEN");
    assertThat(recorded.get("followUpKeys")).isEmpty();
    Instant asOf = Instant.parse(recorded.get("asOf").asString());

    HttpApi alice = Callers.as(api, tokens, "alice");
    Response acknowledged = alice.post("/api/v1/incidents/" + id + "/acknowledge", "{}");
    assertThat(acknowledged.status()).as(acknowledged.text()).isEqualTo(200);
    JsonNode next = alice.get("/api/v1/incidents/" + id).body();
    assertThat(next.get("answeredBy").asString()).isEqualTo("incidents-table");
    assertThat(next.get("state").asString()).as("the caller's next read shows the decision").isEqualTo("ACKNOWLEDGED");
    assertThat(next.get("acknowledgedBy").asString()).isEqualTo("alice");
    assertThat(next.get("mtta").asString()).isNotNull();
    assertThat(Instant.parse(next.get("asOf").asString())).isAfter(asOf);

    // A note changes nothing the detail shows; the timeline (the workflow's own account) shows it at once.
    Response noted = alice.post("/api/v1/incidents/" + id + "/notes", "{\"text\": \"Rolled back lobby-7\"}");
    assertThat(noted.status()).as(noted.text()).isEqualTo(202);
    JsonNode timeline = alice.get("/api/v1/incidents/" + id + "/timeline").body();
    assertThat(timeline.get("entries").valueStream()
        .filter(e -> e.get("event").asString().equals("NOTE")).map(e -> e.get("text").asString()))
        .containsExactly("Rolled back lobby-7");
    assertThat(alice.get("/api/v1/incidents/" + id).body().get("answeredBy").asString()).isEqualTo("incidents-table");
  }

  /**
   * A note to an incident whose record says open goes to its workflow without asking Temporal first; when that
   * workflow has ended all the same (terminated from outside Pitcrew, so the record still says open), the caller
   * gets the 409 an ended incident always got, not a 202 for a note nobody will read.
   */
  @Test
  void aNoteToAnIncidentRecordedOpenWhoseWorkflowEndedIsRefused() {
    Response opened = api.post("/api/v1/incidents",
        "{\"title\": \"Lobby gone\", \"service\": \"detail-reads-ended\", \"severity\": \"SEV3\"}");
    assertThat(opened.status()).as(opened.text()).isEqualTo(201);
    String id = opened.body().get("incidentId").asString();
    await().atMost(WAIT).until(() -> api.get("/api/v1/incidents/" + id),
        r -> r.status() == 200 && r.body().get("answeredBy").asString().equals("incidents-table"));
    Response live = api.post("/api/v1/incidents/" + id + "/notes", "{\"text\": \"still here\"}");
    assertThat(live.status()).as(live.text()).isEqualTo(202);

    client.newUntypedWorkflowStub(id).terminate("test: ended outside Pitcrew");
    assertThat(jdbc.sql("select state from incidents where incident_id = :id").param("id", id).query(String.class)
        .single()).as("the record still says open").isEqualTo("OPEN");

    Response late = api.post("/api/v1/incidents/" + id + "/notes", "{\"text\": \"anyone?\"}");
    assertThat(late.status()).as(late.text()).isEqualTo(409);
    assertThat(late.body().get("detail").asString()).contains("has ended (terminated)");
  }

  @Test
  void ticketDetailComputesTheClocksFromItsRecordAndShowsTheCallersEventAtOnce() {
    Response created = api.post("/api/v1/tickets",
        "{\"title\": \"Cannot join lobby\", \"requesterEmail\": \"player@example.com\", \"priority\": \"High\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String key = created.body().get("ticketKey").asString();
    JsonNode routed = await().atMost(WAIT).until(() -> api.get("/api/v1/tickets/" + key),
        r -> r.status() == 200 && r.body().path("answeredBy").asString().equals("sla-tickets")).body();
    assertThat(goal(routed, "FIRST_RESPONSE").get("state").asString()).isIn("RUNNING", "AT_RISK");
    assertThat(routed.get("sla").get("policy").asString()).as("the cycle's terms, recorded").isNotBlank();
    assertThat(routed.get("asOf").asString()).isEqualTo(routed.get("updatedAt").asString());

    jdbc.sql("""
            update sla_tickets set clocks = (select jsonb_agg(jsonb_set(c, '{goalMillis}', '987654321'))
                                               from jsonb_array_elements(clocks) c)
             where ticket_key = :key""").param("key", key).update();
    JsonNode recorded = api.get("/api/v1/tickets/" + key).body();
    assertThat(goal(recorded, "FIRST_RESPONSE").get("goalMillis").asLong()).as("the record, not the workflow")
        .isEqualTo(987654321L);
    long elapsed = goal(recorded, "FIRST_RESPONSE").get("elapsedMillis").asLong();
    assertThat(goal(recorded, "FIRST_RESPONSE").get("remainingMillis").asLong()).isEqualTo(987654321L - elapsed);

    Response responded = api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"first-response\"}");
    assertThat(responded.status()).as(responded.text()).isEqualTo(200);
    JsonNode next = api.get("/api/v1/tickets/" + key).body();
    assertThat(next.get("answeredBy").asString()).isEqualTo("sla-tickets");
    assertThat(goal(next, "FIRST_RESPONSE").get("state").asString()).as("the caller's next read shows the event")
        .isEqualTo("MET");
    assertThat(goal(next, "FIRST_RESPONSE").get("goalMillis").asLong()).as("recorded again by the workflow")
        .isEqualTo(goal(routed, "FIRST_RESPONSE").get("goalMillis").asLong());
    assertThat(goal(next, "RESOLUTION").get("state").asString()).isIn("RUNNING", "AT_RISK");
  }

  private static JsonNode goal(JsonNode ticket, String goal) {
    return ticket.get("sla").get("goals").valueStream()
        .filter(g -> g.get("goal").asString().equals(goal)).findFirst().orElseThrow();
  }
}
