package dev.pitcrew.api.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import dev.pitcrew.workflows.chatops.ChatOpsActions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The deployment API end to end over real HTTP, in local mode with the sandbox Kubernetes target: the service
 * catalogue, the workflow, its signals, the runs index and the timeline, nothing replaced.
 */
class DeploymentApiTest extends SharedServerTest {
  @Autowired ApiTokens tokens;
  HttpApi alice;
  HttpApi bob;

  @BeforeEach
  void catalogue() {
    api = new HttpApi(port);
    alice = Callers.as(api, tokens, "alice@studio.example", "releaser");
    bob = Callers.as(api, tokens, "bob@studio.example", "releaser");
    Response put = api.put("/api/v1/services/game-api", """
        {"imageRepository":"registry.example/game-api","environments":["staging","production"],"replicas":2,
         "strategy":{"autoPromotionEnabled":false,"scaleDownDelaySeconds":1,"abortScaleDownDelaySeconds":1,
                     "rollbackWindowSeconds":120}}""");
    assertThat(put.status()).as(put.text()).isIn(200, 201);
  }

  @Test
  void deployApproveRollBackAndReadTheTimeline() {
    // The sandbox starts empty: a first version to come back to. Its overrides make it promote by itself.
    Response first = deploy("""
        {"service":"game-api","environment":"staging","image":"v1",
         "strategy":{"autoPromotionEnabled":true}}""");
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    String id = first.body().get("workflowId").asString();
    assertThat(id).isEqualTo("deploy-game-api@staging");
    assertThat(first.body().get("kubernetes").get("mode").asString()).isEqualTo("sandbox");
    assertThat(first.body().get("kubernetes").get("sandbox").asBoolean()).isTrue();
    assertThat(first.raw().headers().firstValue("Location")).hasValue("/api/v1/deployments/" + id);
    JsonNode v1 = awaitDeployment(id, d -> "COMPLETED".equals(d.get("status").asString()));
    assertThat(v1.get("phase").asString()).isEqualTo("Promoted");
    assertThat(v1.get("image").asString()).isEqualTo("registry.example/game-api:v1");

    Response second = deploy("""
        {"service":"game-api","environment":"staging","image":"v2"}""");
    assertThat(second.status()).as(second.text()).isEqualTo(201);
    assertThat(second.body().get("workflowId").asString()).isEqualTo(id);
    // The phase is entered a moment before the question is asked: wait for the question too.
    JsonNode awaiting = awaitDeployment(id,
        d -> "AwaitingApproval".equals(d.path("phase").asString()) && d.hasNonNull("awaiting"));
    assertThat(awaiting.get("image").asString()).isEqualTo("registry.example/game-api:v2");
    assertThat(awaiting.get("previousImage").asString()).isEqualTo("registry.example/game-api:v1");
    assertThat(awaiting.get("newColour").asString()).isEqualTo("GREEN");
    assertThat(awaiting.get("trafficOn").asString()).isEqualTo("BLUE");
    assertThat(awaiting.get("requestedBy").asString()).isEqualTo("alice@studio.example");
    assertThat(awaiting.get("awaiting").asString()).startsWith("Promotion: approve");
    assertThat(awaiting.get("kubernetes").get("description").asString()).startsWith("SANDBOX");

    // One deployment per service and environment: a second request names the running one and starts nothing.
    Response duplicate = deploy(Callers.as(api, tokens, "carol@studio.example", "releaser"), """
        {"service":"game-api","environment":"staging","image":"v3"}""");
    assertThat(duplicate.status()).as(duplicate.text()).isEqualTo(409);
    assertThat(duplicate.body().get("workflowId").asString()).isEqualTo(id);
    assertThat(duplicate.body().get("runId").asString()).isEqualTo(awaiting.get("runId").asString());
    assertThat(duplicate.body().get("detail").asString())
        .startsWith("Refused: a deployment of game-api to staging is already running as deploy-game-api@staging");

    // A decision is answered with what the deployment did, synchronously.
    Response approved = decide(bob, id, "approve", "{\"reason\":\"release notes checked\"}");
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    assertThat(approved.body().get("accepted").asBoolean()).isTrue();
    assertThat(approved.body().get("by").asString()).isEqualTo("bob@studio.example");
    assertThat(approved.body().get("note").asString()).startsWith("Promotion: approve");
    // Once answered, the question is closed: a second approval is refused with the reason, nothing changes.
    Response late = decide(Callers.as(api, tokens, "carol@studio.example", "releaser"), id, "approve", "{}");
    assertThat(late.status()).as(late.text()).isEqualTo(409);
    assertThat(late.body().get("detail").asString()).isEqualTo("approve refused: nothing is awaiting a decision");
    assertThat(late.body().get("refusal").asString()).isEqualTo("WRONG_PHASE");
    JsonNode promoted = awaitDeployment(id, d -> "Promoted".equals(d.path("phase").asString()));
    assertThat(promoted.get("status").asString()).as("still within the rollback window").isEqualTo("RUNNING");
    assertThat(promoted.get("trafficOn").asString()).isEqualTo("GREEN");
    assertThat(promoted.get("approvedBy").get("by").asString()).isEqualTo("bob@studio.example");

    assertThat(decide(bob, id, "rollback", "{\"reason\":\"error rate up\"}").status())
        .isEqualTo(200);
    JsonNode rolledBack = awaitDeployment(id, d -> "COMPLETED".equals(d.get("status").asString()));
    assertThat(rolledBack.get("phase").asString()).isEqualTo("RolledBack");
    assertThat(rolledBack.get("trafficOn").asString()).isEqualTo("BLUE");
    assertThat(rolledBack.get("outcome").asString()).isEqualTo("Rolled back by bob@studio.example: error rate up");
    assertThat(rolledBack.get("decisions").valueStream().map(d -> d.get("kind").asString() + " "
        + d.get("by").asString() + " " + d.get("accepted").asBoolean()).toList())
        .containsExactly("approve bob@studio.example true", "rollback bob@studio.example true");

    // Every phase of the second run is in its timeline, in order, each with a timestamp.
    List<JsonNode> events = api.get("/api/v1/runs/" + id + "/timeline").body().get("events").valueStream().toList();
    List<JsonNode> phases = events.stream().filter(e -> e.get("kind").asString().equals("phase")).toList();
    assertThat(phases).extracting(e -> e.get("title").asString()).containsExactly(
        "Phase: Pending", "Phase: Deploying", "Phase: AwaitingApproval", "Phase: Promoting", "Phase: Promoted",
        "Phase: RollingBack", "Phase: RolledBack", "Phase: Completed (COMPLETED)");
    List<Instant> times = phases.stream().map(e -> Instant.parse(e.get("at").asString())).toList();
    assertThat(times).isSorted();
    assertThat(events).extracting(e -> e.get("title").asString())
        .contains("Decision 'approve' accepted", "Decision 'rollback' accepted")
        .anyMatch(title -> title.startsWith("POST /api/v1/deployments/{workflowId}/{decision:approve|reject|abort|rollback}"
            + " by carol@studio.example refused: approve refused: nothing is awaiting a decision"));
    assertThat(events.getFirst().get("detail").get("requestedBy").asString()).isEqualTo("alice@studio.example");

    // Both runs are in the run list under the one workflow ID, and the generic run API knows the type.
    JsonNode listed = api.get("/api/v1/runs?type=deployment").body();
    assertThat(listed.get("items").valueStream().filter(r -> r.get("workflowId").asString().equals(id)).count())
        .isEqualTo(2);
    assertThat(api.get("/api/v1/runs/" + id).body().get("type").asString()).isEqualTo("deployment");
  }

  @Test
  void aDeploymentAskedForOverTheApiPostsItsApprovalMessageInTheServicesChannel() {
    Response put = api.put("/api/v1/services/lobby", """
        {"imageRepository":"registry.example/lobby","environments":["staging"],"slackChannel":"C0LOBBY",
         "strategy":{"autoPromotionEnabled":false,"scaleDownDelaySeconds":1,"abortScaleDownDelaySeconds":1}}""");
    assertThat(put.status()).as(put.text()).isIn(200, 201);
    String id = deploy("""
        {"service":"lobby","environment":"staging","image":"v1",
         "strategy":{"autoPromotionEnabled":true}}""").body().get("workflowId").asString();
    awaitDeployment(id, d -> "COMPLETED".equals(d.get("status").asString()));
    assertThat(deploy("""
        {"service":"lobby","environment":"staging","image":"v2"}""").status())
        .isEqualTo(201);
    awaitDeployment(id, d -> "AwaitingApproval".equals(d.path("phase").asString()) && d.hasNonNull("awaiting"));

    // No bot token in this test: what would have been posted is in the outbox.
    JsonNode approval = await().atMost(Duration.ofSeconds(30)).until(
        () -> api.get("/api/v1/slack/outbox?size=200").body().get("items").valueStream()
            .filter(m -> m.toString().contains(ChatOpsActions.DEPLOY_APPROVE)).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
    assertThat(approval.get("channel").asString()).isEqualTo("C0LOBBY");
    assertThat(approval.toString()).contains(ChatOpsActions.DEPLOY_REJECT, id).doesNotContain("<@alice");
  }

  @Test
  void badRequestsAreRefusedNamingTheField() {
    assertThat(fieldsOf(deploy("""
        {"service":"game-api","environment":"staging","image":"v2",
         "strategy":{"scaleDownDelaySeconds":-1,"abortScaleDownDelaySeconds":-30}}""")))
        .containsExactlyInAnyOrder("strategy.scaleDownDelaySeconds", "strategy.abortScaleDownDelaySeconds");
    Response unknownEnvironment = deploy("""
        {"service":"game-api","environment":"qa","image":"v2"}""");
    assertThat(fieldsOf(unknownEnvironment)).containsExactly("environment");
    assertThat(unknownEnvironment.body().get("detail").asString())
        .contains("'qa' is not an environment of game-api in the service catalogue; one of [staging, production]");
    assertThat(fieldsOf(deploy("""
        {"service":"game-api","environment":"staging","image":"registry.example/game-api:"}""")))
        .containsExactly("image");
    assertThat(fieldsOf(deploy("""
        {"service":"game-api","environment":"staging","image":"game api:v2"}""")))
        .containsExactly("image");
    assertThat(fieldsOf(deploy("""
        {"service":"game-api","environment":"staging","image":"registry.example/game-api@sha256:abc"}"""))).containsExactly("image");
    // Who asks is the caller: naming someone else is refused.
    assertThat(fieldsOf(deploy("{\"service\":\"game-api\",\"environment\":\"staging\",\"image\":\"v2\","
        + "\"requestedBy\":\"mallory@studio.example\"}"))).containsExactly("requestedBy");
    assertThat(fieldsOf(deploy("""
        {"service":"game-api","environment":"staging","image":"v2","colour":"green"}""")))
        .containsExactly("colour");

    Response uncatalogued = deploy("""
        {"service":"chat-relay","environment":"staging","image":"v2"}""");
    assertThat(uncatalogued.status()).isEqualTo(404);
    assertThat(uncatalogued.body().get("detail").asString()).contains("'chat-relay' is not in the service catalogue");
  }

  @Test
  void unknownDeploymentsAre404() {
    assertThat(api.get("/api/v1/deployments/deploy-nothing@staging").status()).isEqualTo(404);
    assertThat(decide(bob, "deploy-nothing@staging", "approve", "{}").status()).isEqualTo(404);
    Response selfCheck = api.post("/api/v1/runs", "{\"type\":\"self-check\"}");
    String selfCheckId = selfCheck.body().get("workflowId").asString();
    assertThat(api.get("/api/v1/deployments/" + selfCheckId).status()).as("not a deployment").isEqualTo(404);
  }

  @Test
  void theRequesterCannotApproveTheirOwnProductionDeployment() {
    Response started = deploy("""
        {"service":"game-api","environment":"production","image":"registry.example/game-api:1.5.0"}""");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    String id = started.body().get("workflowId").asString();
    awaitDeployment(id, d -> "AwaitingApproval".equals(d.path("phase").asString()) && d.hasNonNull("awaiting"));
    // The console's boards read it from PostgreSQL (the deployment's record), and tell its requester to find
    // someone else; the record is written in the background, a moment after the phase.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String waiting = alice.get("/deployments/awaiting", "Accept", "text/html").text();
      assertThat(waiting).contains(id, "registry.example/game-api:1.5.0", "alice@studio.example",
          "someone else must approve (two-person rule)");
      assertThat(alice.get("/deployments/board", "Accept", "text/html").text()).contains(id, "AwaitingApproval",
          "Waiting for Promotion: approve");
    });

    // Only the caller decides who approves: naming someone else is refused before anything is sent.
    assertThat(fieldsOf(decide(alice, id, "approve", "{\"by\":\"bob@studio.example\",\"reason\":\"trust me\"}")))
        .containsExactly("by");
    // A viewer may not approve at all.
    HttpApi viewer = Callers.as(api, tokens, "vic@studio.example", "viewer");
    Response notAllowed = decide(viewer, id, "approve", "{}");
    assertThat(notAllowed.status()).isEqualTo(403);
    assertThat(notAllowed.body().get("detail").asString()).contains("approve");
    // A deployer may approve in staging, not in production.
    Response notHere = decide(Callers.as(api, tokens, "dan@studio.example", "deployer"), id, "approve", "{}");
    assertThat(notHere.status()).isEqualTo(403);
    assertThat(notHere.body().get("detail").asString()).contains("production").contains("releaser");

    // The workflow's validator refuses the self-approval; the caller gets its reason synchronously.
    Response self = decide(alice, id, "approve", "{\"reason\":\"trust me\"}");
    assertThat(self.status()).as(self.text()).isEqualTo(403);
    assertThat(self.body().get("title").asString()).isEqualTo("Decision refused");
    assertThat(self.body().get("detail").asString()).isEqualTo("approve refused: alice@studio.example requested this "
        + "production deployment and may not approve it; another approver must approve");
    assertThat(self.body().get("refusal").asString()).isEqualTo("FORBIDDEN");

    // Refused before it entered the history: the deployment is unchanged, and the refusal is on its timeline.
    JsonNode deployment = api.get("/api/v1/deployments/" + id).body();
    assertThat(deployment.get("phase").asString()).isEqualTo("AwaitingApproval");
    assertThat(deployment.get("decisions").isEmpty()).isTrue();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(api.get("/api/v1/runs/" + id + "/timeline").body().get("events").valueStream()
            .filter(e -> e.get("kind").asString().equals("refused")).map(e -> e.get("title").asString()))
            .anyMatch(title -> title.contains("by alice@studio.example refused: approve refused: "
                + "alice@studio.example requested this production deployment")));

    Response abort = decide(bob, id, "abort", "{\"reason\":\"test over\"}");
    assertThat(abort.status()).as(abort.text()).isEqualTo(200);
    assertThat(abort.body().get("note").asString()).isEqualTo("aborted at phase AwaitingApproval");
    JsonNode aborted = awaitDeployment(id, d -> "COMPLETED".equals(d.get("status").asString()));
    assertThat(aborted.get("phase").asString()).isEqualTo("Aborted");
    assertThat(decide(bob, id, "approve", "{}").status()).as("ended").isEqualTo(409);
  }

  /** Asked for by alice, unless another caller is named. */
  private Response deploy(String body) {
    return deploy(alice, body);
  }

  private static Response deploy(HttpApi caller, String body) {
    return caller.post("/api/v1/deployments", body);
  }

  private static Response decide(HttpApi caller, String id, String decision, String body) {
    return caller.post("/api/v1/deployments/" + id + "/" + decision, body);
  }

  /**
   * Waits for the condition on a full answer: on a loaded machine the workflow's status query can time out, and
   * the answer then carries only what the runs index knows (phase, status), which is not what is under test.
   */
  private JsonNode awaitDeployment(String id, java.util.function.Predicate<JsonNode> condition) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          Response response = api.get("/api/v1/deployments/" + id);
          assertThat(response.status()).as(response.text()).isEqualTo(200);
          return response.body();
        }, d -> d.hasNonNull("requestedBy") && condition.test(d));
  }

  private static List<String> fieldsOf(Response response) {
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    return response.body().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
  }
}
