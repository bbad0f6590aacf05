package dev.pitcrew.api.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.pitcrew.api.slack.SlackOnWireMock.auditOf;
import static dev.pitcrew.api.slack.SlackOnWireMock.awaitReply;
import static dev.pitcrew.api.slack.SlackOnWireMock.responseUrl;
import static dev.pitcrew.api.slack.SlackOnWireMock.webApiCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerWithVendorsTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deployments from Slack over real HTTP: a signed {@code /pitcrew deploy} starts a sandbox deployment whose message,
 * with Approve/Reject buttons, reaches Slack's Web API (a WireMock server) in the service's channel; clicks are
 * checked against the deployment's environment and audited.
 */
class DeploySlackTest extends SharedServerWithVendorsTest {
  static final String SECRET = SLACK_SIGNING_SECRET;
  static final String COMMAND_CHANNEL = "C0OPS";
  static final String SERVICE_CHANNEL = "C0GAMEAPI";
  static final String POSTED_TS = "1700000000.000200";
  static final String ALICE = "U0ALICE";
  static final String BOB = "U0BOB";
  static final String CAROL = "U0CAROL";
  static final String ID = "deploy-game-api@staging";
  static final WireMockServer slack = VENDORS;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcClient jdbc;
  SlackRequests requests;

  @BeforeEach
  void stubSlackAndCatalogue() {
    slack.resetRequests(); // what earlier classes on the shared WireMock sent is not this test's
    requests = new SlackRequests(port, SECRET);
    api = new HttpApi(port);
    SlackOnWireMock.knowsUser(slack, ALICE, "alice");
    SlackOnWireMock.knowsUser(slack, BOB, "bob");
    SlackOnWireMock.knowsUser(slack, CAROL, "carol");
    slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"" + SERVICE_CHANNEL + "\",\"ts\":\"" + POSTED_TS + "\"}")));
    slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
    slack.stubFor(post(urlPathMatching("/respond/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
    assertThat(api.put("/api/v1/services/game-api", """
        {"imageRepository":"registry.example/game-api","environments":["staging","production"],
         "slackChannel":"C0GAMEAPI","strategy":{"autoPromotionEnabled":false}}""").status()).isIn(200, 201);
  }

  @Test
  void aSignedDeployStartsASandboxDeploymentWhoseMessageOffersApproveAndReject() {
    String url = responseUrl(slack);
    assertThat(requests.postSigned("/slack/commands",
        SlackRequests.command(ALICE, COMMAND_CHANNEL, "deploy game-api v2 staging", url)).statusCode())
        .isEqualTo(200);

    String reply = awaitReply(slack, url).get("text").asString();
    assertThat(reply).startsWith("Started deployment `" + ID + "` of game-api v2 to staging.");
    // The workflow's own answer (not the index-only fallback of a loaded machine), once the question is asked.
    JsonNode deployment = await().atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/api/v1/deployments/" + ID).body(),
            d -> "AwaitingApproval".equals(d.path("phase").asString()) && d.hasNonNull("awaiting"));
    assertThat(deployment.get("image").asString()).isEqualTo("registry.example/game-api:v2");
    assertThat(deployment.get("requestedBy").asString()).isEqualTo("alice@studio.example");
    assertThat(deployment.get("kubernetes").get("sandbox").asBoolean()).isTrue();

    Map<String, String> posted = await().until(() -> calls("chat.postMessage"), c -> !c.isEmpty()).getFirst();
    assertThat(posted).containsEntry("channel", SERVICE_CHANNEL);
    assertThat(posted.get("text")).startsWith("Deployment of game-api to staging");
    Map<String, String> awaiting = await().atMost(Duration.ofSeconds(30)).until(() -> calls("chat.update"),
        c -> c.stream().anyMatch(u -> u.get("blocks").contains("pitcrew.deploy.approve"))).stream()
        .filter(u -> u.get("blocks").contains("pitcrew.deploy.approve")).findFirst().orElseThrow();
    assertThat(awaiting).containsEntry("channel", SERVICE_CHANNEL).containsEntry("ts", POSTED_TS);
    List<JsonNode> buttons = JSON.readTree(awaiting.get("blocks")).valueStream()
        .filter(b -> b.get("type").asString().equals("actions")).findFirst().orElseThrow().get("elements")
        .valueStream().toList();
    assertThat(buttons).extracting(b -> b.get("action_id").asString(), b -> b.get("value").asString())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pitcrew.deploy.approve", ID),
            org.assertj.core.groups.Tuple.tuple("pitcrew.deploy.reject", ID));
    await().until(() -> auditOf(jdbc, url).get("result"), "ok"::equals);
    assertThat(auditOf(jdbc, url)).containsEntry("target", ID).containsEntry("identity", "alice@studio.example");

    // The same deployment again while it runs: refused, naming the running one.
    String again = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(ALICE, COMMAND_CHANNEL, "deploy game-api v3", again));
    assertThat(awaitReply(slack, again).get("text").asString()).contains("already running as " + ID);
    await().until(() -> auditOf(jdbc, again).get("result"), "conflict"::equals);

    // Bob (a viewer) may not approve: refused, audited, and the deployment keeps waiting.
    String bobUrl = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        BOB, SERVICE_CHANNEL, POSTED_TS, "pitcrew.deploy.approve", ID, bobUrl));
    assertThat(awaitReply(slack, bobUrl).get("text").asString())
        .isEqualTo(":no_entry: bob@studio.example (roles: viewer) may not run `approve`. "
            + "Ask a Pitcrew admin to add you to deployer or releaser or admin.");
    await().until(() -> auditOf(jdbc, bobUrl).get("result"), "denied"::equals);
    assertThat(auditOf(jdbc, bobUrl)).containsEntry("identity", "bob@studio.example").containsEntry("kind", "action")
        .containsEntry("action", "pitcrew.deploy.approve");
    assertThat(api.get("/api/v1/deployments/" + ID).body().get("phase").asString()).isEqualTo("AwaitingApproval");

    // Alice, a deployer, approves with the button (outside production the requester may).
    String aliceUrl = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        ALICE, SERVICE_CHANNEL, POSTED_TS, "pitcrew.deploy.approve", ID, aliceUrl));
    JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/deployments/" + ID).body(),
        d -> "COMPLETED".equals(d.get("status").asString()));
    assertThat(done.get("phase").asString()).isEqualTo("Promoted");
    assertThat(done.get("approvedBy").get("by").asString()).isEqualTo("alice@studio.example");
    assertThat(awaitReply(slack, aliceUrl).get("text").asString()).startsWith("*approve* on `" + ID
        + "` by alice@studio.example accepted: Promotion: approve to switch traffic");
    Map<String, String> last = await().until(() -> calls("chat.update"),
        c -> c.getLast().get("text").contains("COMPLETED")).getLast();
    assertThat(last.get("blocks")).doesNotContain("pitcrew.deploy.approve").contains("Approved by alice");
  }

  @Test
  void deployingToAnEnvironmentTheUserHasNoRoleForIsDenied() {
    String url = responseUrl(slack);
    requests.postSigned("/slack/commands",
        SlackRequests.command(ALICE, COMMAND_CHANNEL, "deploy game-api v9 production", url));
    assertThat(awaitReply(slack, url).get("text").asString())
        .contains("may not run `deploy` in environment `production`")
        .contains("Ask a Pitcrew admin to add you to releaser or admin");
    await().until(() -> auditOf(jdbc, url).get("result"), "denied"::equals);
    assertThat(api.get("/api/v1/deployments/deploy-game-api@production").status()).isEqualTo(404);
  }

  @Test
  void requestingInSlackAndApprovingOverRestIsStillSelfApproval(@Autowired ApiTokens tokens) {
    assertThat(api.put("/api/v1/services/lobby-api", """
        {"imageRepository":"registry.example/lobby-api","environments":["production"],
         "strategy":{"autoPromotionEnabled":false}}""").status()).isIn(200, 201);
    String id = "deploy-lobby-api@production";
    String url = responseUrl(slack);
    requests.postSigned("/slack/commands",
        SlackRequests.command(CAROL, COMMAND_CHANNEL, "deploy lobby-api v7 production", url));
    assertThat(awaitReply(slack, url).get("text").asString()).startsWith("Started deployment `" + id + "`");
    await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/deployments/" + id).body(),
        d -> "AwaitingApproval".equals(d.path("phase").asString()) && d.hasNonNull("awaiting"));

    // Carol clicks Approve on her own production deployment: the workflow's validator refuses it, and Slack
    // answers her at once, ephemerally, with the workflow's reason; the refusal is audited against the deployment.
    String clickUrl = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        CAROL, SERVICE_CHANNEL, POSTED_TS, "pitcrew.deploy.approve", id, clickUrl));
    assertThat(awaitReply(slack, clickUrl).get("text").asString()).isEqualTo(":no_entry: approve refused: "
        + "carol@studio.example requested this production deployment and may not approve it; another approver must "
        + "approve");
    await().until(() -> auditOf(jdbc, clickUrl).get("result"), "denied"::equals);
    assertThat(auditOf(jdbc, clickUrl)).containsEntry("target", id).containsEntry("identity", "carol@studio.example");

    // The same person with an API token: the two-person rule compares identities, not channels.
    HttpApi carolOverRest = Callers.as(api, tokens, "carol@studio.example", "releaser");
    Response self = carolOverRest.post("/api/v1/deployments/" + id + "/approve", "{\"reason\":\"it's me\"}");
    assertThat(self.status()).as(self.text()).isEqualTo(403);
    assertThat(self.body().get("detail").asString()).contains("carol@studio.example requested this production");
    assertThat(api.get("/api/v1/deployments/" + id).body().get("phase").asString()).isEqualTo("AwaitingApproval");

    HttpApi dave = Callers.as(api, tokens, "dave@studio.example", "releaser");
    Response daves = dave.post("/api/v1/deployments/" + id + "/approve", "{}");
    assertThat(daves.status()).as(daves.text()).isEqualTo(200);
    assertThat(daves.body().get("accepted").asBoolean()).isTrue();
    JsonNode approved = await().atMost(Duration.ofSeconds(30)).until(
        () -> api.get("/api/v1/deployments/" + id).body(), d -> d.path("approvedBy").hasNonNull("by"));
    assertThat(approved.get("approvedBy").get("by").asString()).isEqualTo("dave@studio.example");
  }

  /** Web API calls of one method about the deployment. */
  private static List<Map<String, String>> calls(String method) {
    return webApiCalls(slack, method).stream()
        // Incidents on the shared server's game-api post their cards too: only this deployment's messages count.
        .filter(f -> f.getOrDefault("blocks", "").contains(ID)
            || f.getOrDefault("text", "").contains("game-api") && !f.getOrDefault("blocks", "").contains("incident"))
        .toList();
  }

}
