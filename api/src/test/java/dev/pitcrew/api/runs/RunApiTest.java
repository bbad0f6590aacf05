package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The run API over real HTTP against the product in local mode: embedded PostgreSQL, the in-process Temporal test
 * server on a real gRPC port, and the workers running the self-check workflow.
 */
class RunApiTest extends SharedServerTest {
  @Autowired JdbcClient jdbc;

  private String start(String input) {
    Response started = api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":" + input + "}");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    assertThat(started.raw().headers().firstValue("Location")).hasValueSatisfying(l -> l.startsWith("/api/v1/runs/"));
    return started.body().get("workflowId").asString();
  }

  private JsonNode awaitStatus(String workflowId, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/api/v1/runs/" + workflowId).body(), run -> status.equals(run.get("status").asString()));
  }

  @Test
  void aStartedRunCompletesAndShowsInTheListAndTimeline() {
    String id = start("{\"label\":\"Smoke Test\",\"holdSeconds\":1}");
    assertThat(id).startsWith("selfcheck-smoke-test-");

    JsonNode run = awaitStatus(id, "COMPLETED");
    assertThat(run.get("phase").asString()).isEqualTo("Completed");
    assertThat(run.get("type").asString()).isEqualTo("self-check");
    assertThat(run.get("input").get("holdSeconds").asInt()).isEqualTo(1);
    assertThat(run.get("result").get("probe").get("databaseVersion").asString()).startsWith("PostgreSQL 15");

    JsonNode listed = await().until(() -> api.get("/api/v1/runs?type=self-check&status=completed").body(),
        page -> contains(page, id));
    JsonNode row = find(listed, id);
    assertThat(row.get("phase").asString()).isEqualTo("Completed");
    assertThat(row.get("outcome").asString()).contains("PostgreSQL 15");

    List<String> titles = titles(api.get("/api/v1/runs/" + id + "/timeline").body());
    assertThat(titles)
        .containsSubsequence(
            "Run started (SelfCheckWorkflow)",
            "Phase: Probing",
            "ProbeWorkerDependencies scheduled",
            "ProbeWorkerDependencies completed",
            "Phase: Holding",
            "Timer fired",
            "Phase: Completed (COMPLETED)",
            "Run completed");
    assertThat(titles).anyMatch(t -> t.startsWith("Waiting 1s (until "));
  }

  @Test
  void aSignalReachesTheRunAndItsPhaseIsQueryable() {
    String id = start("{\"awaitConfirmation\":true}");
    await().until(() -> api.get("/api/v1/runs/" + id).body().path("phase").asString(),
        "AwaitingConfirmation"::equals);

    // Who confirms is the authenticated caller, never a name in the payload.
    Response impersonating =
        api.post("/api/v1/runs/" + id + "/signals/confirm", "{\"by\":\"alice\",\"note\":\"looks fine\"}");
    assertProblem(impersonating, 400, "by");
    Response signalled = api.post("/api/v1/runs/" + id + "/signals/confirm", "{\"note\":\"looks fine\"}");
    assertThat(signalled.status()).isEqualTo(202);

    JsonNode run = awaitStatus(id, "COMPLETED");
    assertThat(run.get("result").get("confirmation").get("by").asString()).isEqualTo("admin");
    assertThat(titles(api.get("/api/v1/runs/" + id + "/timeline").body())).contains("Signal 'confirm' received");

    Response late = api.post("/api/v1/runs/" + id + "/signals/confirm", "{}");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.body().get("detail").asString()).contains("is completed");
  }

  @Test
  void cancellingARunRecordsItAsCancelled() {
    String id = start("{\"holdSeconds\":3600}");
    await().until(() -> api.get("/api/v1/runs/" + id).body().path("phase").asString(), "Holding"::equals);

    assertThat(api.post("/api/v1/runs/" + id + "/cancel", null).status()).isEqualTo(202);

    awaitStatus(id, "CANCELED");
    await().until(() -> find(api.get("/api/v1/runs?status=CANCELED").body(), id) != null);
    assertThat(find(api.get("/api/v1/runs?status=CANCELED").body(), id).get("outcome").asString())
        .isEqualTo("Cancelled at phase Holding");
    assertThat(api.post("/api/v1/runs/" + id + "/cancel", null).status()).isEqualTo(409);
  }

  @Test
  void theSameIdempotencyKeyAlwaysAnswersWithTheSameRun() {
    String body = "{\"type\":\"self-check\",\"input\":{\"label\":\"idem\"}}";
    Response first = api.post("/api/v1/runs", body, "Idempotency-Key", "deploy-42");
    Response again = api.post("/api/v1/runs", body, "Idempotency-Key", "deploy-42");
    Response inBody =
        api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"idem\"},\"idempotencyKey\":\"deploy-42\"}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(inBody.status()).isEqualTo(200);
    String id = first.body().get("workflowId").asString();
    assertThat(again.body().get("workflowId").asString()).isEqualTo(id);
    assertThat(inBody.body().get("workflowId").asString()).isEqualTo(id);
    assertThat(again.body().get("created").asBoolean()).isFalse();

    awaitStatus(id, "COMPLETED");
    Response afterCompletion = api.post("/api/v1/runs", body, "Idempotency-Key", "deploy-42");
    assertThat(afterCompletion.body().get("workflowId").asString()).isEqualTo(id);

    Response otherInput =
        api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"other\"}}",
            "Idempotency-Key", "deploy-42");
    assertThat(otherInput.status()).isEqualTo(409);
    assertThat(otherInput.body().get("workflowId").asString()).isEqualTo(id);
    assertThat(jdbc.sql("select count(*) from runs where workflow_id like 'selfcheck-idem-%'")
        .query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndStartsNothing() {
    int runsBefore = jdbc.sql("select count(*) from runs").query(Integer.class).single();

    assertProblem(api.post("/api/v1/runs", "{\"type\":\"nope\"}"), 400, "type");
    assertProblem(api.post("/api/v1/runs", "{\"input\":{}}"), 400, "type");
    assertProblem(api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"bogus\":1}}"), 400, "input.bogus");
    assertProblem(api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"holdSeconds\":\"soon\"}}"),
        400, "input.holdSeconds");
    assertProblem(api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"holdSeconds\":-5}}"),
        400, "input.holdSeconds");
    assertProblem(api.post("/api/v1/runs", "{\"type\":\"self-check\"}", "Idempotency-Key", "has spaces"),
        400, "idempotencyKey");
    Response malformed = api.post("/api/v1/runs", "{\"type\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().get("detail").asString()).contains("not valid JSON");

    assertProblem(api.get("/api/v1/runs?status=exploded"), 400, "status");
    assertProblem(api.get("/api/v1/runs?size=0"), 400, "size");
    assertProblem(api.get("/api/v1/runs?from=yesterday"), 400, "from");
    assertProblem(api.get("/api/v1/runs?page=x"), 400, "page");

    assertThat(jdbc.sql("select count(*) from runs").query(Integer.class).single()).isEqualTo(runsBefore);
  }

  @Test
  void signalsAreCheckedAgainstTheRunType() {
    String id = start("{\"awaitConfirmation\":true}");

    assertProblem(api.post("/api/v1/runs/" + id + "/signals/launch", "{}"), 400, "signal");
    assertProblem(api.post("/api/v1/runs/" + id + "/signals/confirm", null), 400, "body");
    assertProblem(api.post("/api/v1/runs/" + id + "/signals/confirm", "{\"who\":\"x\"}"), 400, "body.who");

    api.post("/api/v1/runs/" + id + "/cancel", null);
  }

  @Test
  void unknownRunsAreNotFound() {
    assertThat(api.get("/api/v1/runs/selfcheck-missing").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/runs/selfcheck-missing/timeline").status()).isEqualTo(404);
    assertThat(api.post("/api/v1/runs/selfcheck-missing/signals/confirm", "{\"by\":\"a\"}").status()).isEqualTo(404);
    Response cancel = api.post("/api/v1/runs/selfcheck-missing/cancel", null);
    assertThat(cancel.status()).isEqualTo(404);
    assertThat(cancel.body().get("detail").asString()).isEqualTo("No run with ID 'selfcheck-missing'");
  }

  @Test
  void aRunTemporalHasForgottenIsStillShownFromTheIndex() {
    // As after a restart of the in-memory engine, or once the namespace's retention has passed.
    jdbc.sql(
            "insert into runs (workflow_id, run_id, run_type, status, phase, outcome, sequence, started_at, "
                + "updated_at, closed_at) values ('selfcheck-forgotten', 'r1', 'self-check', 'COMPLETED', 'Completed', "
                + "'all good', 3, now(), now(), now())")
        .update();

    Response run = api.get("/api/v1/runs/selfcheck-forgotten");
    assertThat(run.status()).isEqualTo(200);
    assertThat(run.body().get("status").asString()).isEqualTo("COMPLETED");
    assertThat(run.body().get("note").asString()).contains("Temporal no longer holds this run", "all good");

    Response timeline = api.get("/api/v1/runs/selfcheck-forgotten/timeline");
    assertThat(timeline.status()).isEqualTo(404);
    assertThat(timeline.body().get("detail").asString()).contains("no longer holds the history");
  }

  @Test
  void listPagesNewestFirst() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(start("{\"label\":\"paging\"}"));
    }
    await().until(() -> ids.stream().allMatch(id -> find(api.get("/api/v1/runs?size=200").body(), id) != null));

    JsonNode first = api.get("/api/v1/runs?size=2").body();
    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("next").asString()).isEqualTo("/api/v1/runs?page=1&size=2");
    JsonNode items = first.get("items");
    assertThat(items.get(0).get("startedAt").asString()).isGreaterThanOrEqualTo(items.get(1).get("startedAt").asString());
  }

  private static void assertProblem(Response response, int status, String field) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
    List<String> fields = new ArrayList<>();
    response.body().path("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).as(response.text()).contains(field);
  }

  private static boolean contains(JsonNode page, String workflowId) {
    return find(page, workflowId) != null;
  }

  private static JsonNode find(JsonNode page, String workflowId) {
    for (JsonNode item : page.get("items")) {
      if (item.get("workflowId").asString().equals(workflowId)) {
        return item;
      }
    }
    return null;
  }

  private static List<String> titles(JsonNode timeline) {
    List<String> titles = new ArrayList<>();
    timeline.get("events").forEach(e -> titles.add(e.get("title").asString()));
    return titles;
  }
}
