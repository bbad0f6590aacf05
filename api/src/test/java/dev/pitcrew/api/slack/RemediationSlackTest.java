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
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerWithVendorsTest;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * A high-risk remediation asks in its runbook's Slack channel (Slack's Web API on WireMock) with Approve/Reject
 * buttons; a click is decided by the workflow's Update validator as the Pitcrew account the Slack user is linked
 * to, and a refusal is shown to the clicker alone. Also: {@code /pitcrew alerts noise}.
 */
class RemediationSlackTest extends SharedServerWithVendorsTest {
  static final String CHANNEL = "C0REMEDY01";
  static final String POSTED_TS = "1700000000.000900";
  static final String BOB = "U0BOB";
  static final String OLIVE = "U0OLIVE";
  static final String ALICE = "U0ALICE";
  static final String SERVICE = "arena-slack";
  static final WireMockServer slack = VENDORS;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcClient jdbc;
  @Autowired KubernetesClient kubernetes;
  SlackRequests requests;

  @BeforeEach
  void stubSlack() {
    slack.resetRequests();
    requests = new SlackRequests(port, SLACK_SIGNING_SECRET);
    api = new HttpApi(port);
    SlackOnWireMock.knowsUser(slack, BOB, "bob");
    SlackOnWireMock.knowsUser(slack, OLIVE, "olive");
    SlackOnWireMock.knowsUser(slack, ALICE, "alice");
    slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"" + CHANNEL + "\",\"ts\":\"" + POSTED_TS + "\"}")));
    slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
    slack.stubFor(post(urlPathMatching("/respond/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @Test
  void approveAndRejectButtonsAreDecidedByTheUpdateValidatorAsTheLinkedPitcrewAccount() {
    kubernetes.apps().deployments().inNamespace("games").resource(new DeploymentBuilder()
        .withNewMetadata().withName(SERVICE).withNamespace("games")
        .addToLabels("app.kubernetes.io/name", SERVICE).endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewSelector().addToMatchLabels("app.kubernetes.io/name", SERVICE).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", SERVICE).endMetadata()
        .withNewSpec().addNewContainer().withName(SERVICE).withImage("registry.example/arena:v1").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    Response put = api.put("/api/v1/runbooks/arena-slack-restart", """
        {"matchers": ["alertname=\\"ArenaSlackStuck\\""],
         "target": {"kind": "SERVICE", "namespace": "games"},
         "steps": [{"name": "restart", "action": "ROLLOUT_RESTART", "risk": "HIGH"}],
         "verify": {"withinSeconds": 30}, "slackChannel": "%s"}""".formatted(CHANNEL));
    assertThat(put.status()).as(put.text()).isIn(200, 201);
    Response fired = api.post("/api/v1/hooks/alertmanager", """
        {"version":"4","groupKey":"g-arena-slack","status":"firing","receiver":"pitcrew","groupLabels":{},
         "commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"ArenaSlackStuck","service":"%s"},
                    "annotations":{"summary":"arena stuck"},"startsAt":"2026-11-30T09:00:00Z",
                    "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom","fingerprint":"fp-arena-slack"}]}"""
        .formatted(SERVICE), "Authorization", "Bearer " + ALERTMANAGER_TOKEN);
    assertThat(fired.status()).as(fired.text()).isEqualTo(200);
    String id = fired.body().get("alerts").get(0).get("remediationId").asString();

    Map<String, String> asked = await().atMost(Duration.ofSeconds(30)).until(() -> calls("chat.postMessage", id),
        c -> !c.isEmpty()).getFirst();
    assertThat(asked).containsEntry("channel", CHANNEL);
    List<JsonNode> buttons = JSON.readTree(asked.get("blocks")).valueStream()
        .filter(b -> b.get("type").asString().equals("actions")).findFirst().orElseThrow().get("elements")
        .valueStream().toList();
    assertThat(buttons).extracting(b -> b.get("action_id").asString(), b -> b.get("value").asString())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pitcrew.remediation.approve", id),
            org.assertj.core.groups.Tuple.tuple("pitcrew.remediation.reject", id));

    // Bob is a viewer: the workflow's validator refuses his click, and only he sees why.
    String bobUrl = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        BOB, CHANNEL, POSTED_TS, "pitcrew.remediation.reject", id, bobUrl));
    JsonNode bobReply = awaitReply(slack, bobUrl);
    assertThat(bobReply.get("text").asString())
        .isEqualTo(":no_entry: bob@studio.example may not approve remediations (needs remediation.approve)");
    assertThat(bobReply.get("response_type").asString()).isEqualTo("ephemeral");
    await().until(() -> auditOf(jdbc, bobUrl).get("result"), "denied"::equals);
    assertThat(auditOf(jdbc, bobUrl)).containsEntry("identity", "bob@studio.example").containsEntry("target", id);
    assertThat(api.get("/api/v1/remediations/" + id).body().get("phase").asString()).isEqualTo("AwaitingApproval");

    // Olive, an operator, approves: the restart happens and the question is closed without buttons.
    String oliveUrl = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        OLIVE, CHANNEL, POSTED_TS, "pitcrew.remediation.approve", id, oliveUrl));
    assertThat(awaitReply(slack, oliveUrl).get("text").asString())
        .startsWith(":white_check_mark: Approved by olive@studio.example: remediation `" + id + "` moves to Acting");
    await().atMost(Duration.ofSeconds(30)).until(() -> kubernetes.apps().deployments().inNamespace("games")
        .withName(SERVICE).get().getSpec().getTemplate().getMetadata().getAnnotations() != null);
    Map<String, String> closed = await().atMost(Duration.ofSeconds(30)).until(() -> calls("chat.update", id),
        c -> !c.isEmpty()).getLast();
    assertThat(closed.get("blocks")).doesNotContain("pitcrew.remediation.approve")
        .contains("Approved by olive@studio.example");
    // A second click is refused by the validator too: already decided.
    String againUrl = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        OLIVE, CHANNEL, POSTED_TS, "pitcrew.remediation.reject", id, againUrl));
    assertThat(awaitReply(slack, againUrl).get("text").asString()).startsWith("Already approved by olive@studio.example");

    // Alice (a responder) marks the alert as noise from Slack.
    String noiseUrl = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(ALICE, CHANNEL,
        "alerts noise fp-arena-slack flapping exporter", noiseUrl));
    assertThat(awaitReply(slack, noiseUrl).get("text").asString()).isEqualTo(":mute: `ArenaSlackStuck` on " + SERVICE
        + " marked as noise by alice@studio.example: flapping exporter. It counts as a false positive in "
        + "`/pitcrew alerts report`.");
    assertThat(jdbc.sql("select marked_by from alert_noise where fingerprint = 'fp-arena-slack'").query(String.class)
        .single()).isEqualTo("alice@studio.example");
    String bobNoise = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(BOB, CHANNEL, "alerts noise fp-arena-slack", bobNoise));
    assertThat(awaitReply(slack, bobNoise).get("text").asString()).startsWith(":no_entry:");
  }

  private static List<Map<String, String>> calls(String method, String workflowId) {
    return webApiCalls(slack, method).stream()
        .filter(f -> f.getOrDefault("blocks", "").contains(workflowId))
        .toList();
  }

}
