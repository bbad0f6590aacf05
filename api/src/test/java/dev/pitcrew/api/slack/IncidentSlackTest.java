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
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pitcrew.api.support.SharedServerWithVendorsTest;
import dev.pitcrew.workflows.incident.IncidentState;
import dev.pitcrew.workflows.incident.IncidentStatus;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.incident.TimelineEntry;
import dev.pitcrew.workflows.incident.TimelineEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incidents from Slack over real HTTP: a signed {@code /pitcrew incident declare} opens an incident whose channel
 * and summary message (Acknowledge / Escalate / Resolve / Severity) reach Slack's Web API (a WireMock server);
 * commands typed in that channel and clicks on its controls reach the incident as the Slack user, with source
 * {@code slack}; whoever lacks the verb's permission is refused and audited, and the incident stays as it was.
 */
class IncidentSlackTest extends SharedServerWithVendorsTest {
  static final String SECRET = SLACK_SIGNING_SECRET;
  static final String OPS = "C0OPS";
  static final String INCIDENT_CHANNEL = "C0INCIDENT";
  static final String SUMMARY_TS = "1700000100.000100";
  static final String ALICE = "U0ALICE"; // responder
  static final String BOB = "U0BOB"; // viewer only
  static final String CAROL = "U0CAROL"; // incident commander
  static final WireMockServer slack = VENDORS;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient temporal;
  SlackRequests requests;

  @BeforeEach
  void stubSlack() {
    slack.resetRequests(); // what earlier classes on the shared WireMock sent is not this test's
    requests = new SlackRequests(port, SECRET);
    SlackOnWireMock.knowsUser(slack, ALICE, "alice");
    SlackOnWireMock.knowsUser(slack, BOB, "bob");
    SlackOnWireMock.knowsUser(slack, CAROL, "carol");
    // Slack answers with the channel it created, under the name asked for.
    slack.stubFor(post(urlEqualTo("/api/conversations.create")).willReturn(okJson(
            "{\"ok\":true,\"channel\":{\"id\":\"" + INCIDENT_CHANNEL + "\","
                + "\"name\":\"{{formData request.body 'form' urlDecode=true}}{{form.name}}\"}}")
        .withTransformers("response-template")));
    slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"" + INCIDENT_CHANNEL + "\",\"ts\":\"" + SUMMARY_TS + "\"}")));
    slack.stubFor(post(urlEqualTo("/api/chat.update"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"" + INCIDENT_CHANNEL + "\",\"ts\":\"" + SUMMARY_TS + "\"}")));
    slack.stubFor(post(urlEqualTo("/api/conversations.invite")).willReturn(okJson("{\"ok\":true}")));
    slack.stubFor(post(urlEqualTo("/api/usergroups.users.list")).willReturn(okJson("{\"ok\":true,\"users\":[]}")));
    slack.stubFor(post(urlPathMatching("/respond/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @Test
  void anIncidentDeclaredInSlackIsSteeredFromItsChannelAsTheSlackUsers() {
    // Alice declares it from #ops.
    String declared = responseUrl(slack);
    assertThat(requests.postSigned("/slack/commands", SlackRequests.command(
        ALICE, OPS, "incident declare Login errors spiking sev2 service:game-api", declared)).statusCode())
        .isEqualTo(200);
    String reply = awaitReply(slack, declared).get("text").asString();
    await().until(() -> auditOf(jdbc, declared).get("result"), "ok"::equals);
    String id = (String) auditOf(jdbc, declared).get("target");
    assertThat(id).startsWith("incident-slack-slack-");
    assertThat(reply).startsWith(":rotating_light: alice@studio.example declared incident `" + id
        + "`: [SEV2] Login errors spiking on game-api.").contains("<https://pitcrew.example/api/v1/runs/" + id + "|");
    assertThat(awaitReply(slack, declared).get("response_type").asString()).isEqualTo("in_channel");

    Map<String, Object> row = await().atMost(Duration.ofSeconds(30)).until(() -> incidentRow(id),
        r -> r != null && r.get("slack_channel") != null);
    assertThat(row).containsEntry("service", "game-api").containsEntry("severity", "SEV2")
        .containsEntry("source", "slack").containsEntry("commander", "alice@studio.example")
        .containsEntry("title", "Login errors spiking");
    String channelName = (String) row.get("slack_channel");
    assertThat(channelName).startsWith("inc-").contains("login-errors-spiking");

    // Slack was asked for a public channel of that name, and the summary with its controls was posted there.
    // Other classes on the shared server open incidents too: only this one's channel counts.
    assertThat(calls("conversations.create").stream().filter(c -> c.get("name").contains("login-errors-spiking")))
        .singleElement()
        .satisfies(c -> assertThat(c).containsEntry("name", channelName).containsEntry("is_private", "0"));
    Map<String, String> summary = await().atMost(Duration.ofSeconds(30)).until(() -> calls("chat.postMessage"),
        c -> c.stream().anyMatch(IncidentSlackTest::isThisSummary)).stream()
        .filter(IncidentSlackTest::isThisSummary).findFirst().orElseThrow();
    assertThat(summary).containsEntry("channel", INCIDENT_CHANNEL)
        .containsEntry("text", "[SEV2] Login errors spiking on game-api");
    JsonNode controls = JSON.readTree(summary.get("blocks")).valueStream()
        .filter(b -> b.get("type").asString().equals("actions")).findFirst().orElseThrow();
    assertThat(controls.get("block_id").asString()).isEqualTo("incident:" + id);
    List<JsonNode> elements = controls.get("elements").valueStream().toList();
    assertThat(elements).extracting(e -> e.get("type").asString(), e -> e.get("action_id").asString())
        .containsExactly(tuple("button", "incident_acknowledge"), tuple("button", "incident_escalate"),
            tuple("button", "incident_resolve"), tuple("static_select", "incident_severity"));
    assertThat(elements.subList(0, 3)).allSatisfy(b -> assertThat(b.get("value").asString()).isEqualTo(id));
    assertThat(elements.get(3).get("initial_option").get("value").asString()).isEqualTo("SEV2");
    assertThat(elements.get(3).get("options").valueStream().map(o -> o.get("value").asString()))
        .containsExactly("SEV1", "SEV2", "SEV3", "SEV4");

    // Bob, a viewer, clicks Acknowledge: refused, audited against the incident, and nothing changes.
    String bobClick = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        BOB, INCIDENT_CHANNEL, SUMMARY_TS, "incident:" + id, "incident_acknowledge", id, bobClick));
    assertThat(awaitReply(slack, bobClick).get("text").asString())
        .isEqualTo(":no_entry: bob@studio.example (roles: viewer) may not run `incident.ack`. "
            + "Ask a Pitcrew admin to add you to responder or incident-commander or admin.");
    await().until(() -> auditOf(jdbc, bobClick).get("result"), "denied"::equals);
    assertThat(auditOf(jdbc, bobClick)).containsEntry("identity", "bob@studio.example").containsEntry("kind", "action")
        .containsEntry("action", "incident_acknowledge").containsEntry("target", id);
    assertThat(api("/api/v1/slack/audit?size=50").get("items").valueStream()
        .anyMatch(e -> "denied".equals(e.path("result").asString())
            && "incident_acknowledge".equals(e.path("action").asString())))
        .isTrue();
    assertThat(status(id).state()).isEqualTo(IncidentState.OPEN);
    assertThat(status(id).acknowledgedBy()).isNull();

    // Alice adds a note by ID from #ops, then acknowledges with the button.
    String note = responseUrl(slack);
    requests.postSigned("/slack/commands",
        SlackRequests.command(ALICE, OPS, "incident note " + id + " checking the auth dashboards", note));
    assertThat(awaitReply(slack, note).get("text").asString())
        .startsWith("You (alice@studio.example) added a note to incident `" + id + "`");
    awaitTimeline(id, e -> e.event() == TimelineEvent.NOTE && e.text().equals("checking the auth dashboards")
        && e.actor().equals("alice@studio.example") && e.source().equals("slack"));

    String ack = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(
        ALICE, INCIDENT_CHANNEL, SUMMARY_TS, "incident:" + id, "incident_acknowledge", id, ack));
    assertThat(awaitReply(slack, ack).get("text").asString())
        .startsWith("You (alice@studio.example) acknowledged incident `" + id + "`");
    awaitTimeline(id, e -> e.event() == TimelineEvent.ACKNOWLEDGED && e.actor().equals("alice@studio.example")
        && e.source().equals("slack"));
    assertThat(status(id).state()).isEqualTo(IncidentState.ACKNOWLEDGED);
    assertThat(status(id).acknowledgedBy()).isEqualTo("alice@studio.example");
    // The card the button was on is updated in place: it says who acknowledged and no longer offers Acknowledge.
    Map<String, String> acknowledgedCard = await().atMost(Duration.ofSeconds(30)).until(() -> calls("chat.update"),
        c -> c.stream().anyMatch(m -> m.getOrDefault("blocks", "").contains("Acknowledged by alice@studio.example")))
        .stream().filter(m -> m.getOrDefault("blocks", "").contains("Acknowledged by alice@studio.example"))
        .findFirst().orElseThrow();
    assertThat(acknowledgedCard).containsEntry("channel", INCIDENT_CHANNEL).containsEntry("ts", SUMMARY_TS);
    assertThat(acknowledgedCard.get("blocks")).contains("incident_escalate").doesNotContain("incident_acknowledge");

    // Acknowledging again (a stale card, the slash command): the workflow's validator refuses it, and the reply
    // says why at once, ephemerally, with a link to the incident; the refusal joins its timeline as IGNORED.
    String again = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(ALICE, OPS, "incident ack " + id, again));
    assertThat(awaitReply(slack, again).get("text").asString())
        .startsWith("acknowledge refused: already acknowledged by alice@studio.example\n");
    await().until(() -> api("/api/v1/incidents/" + id + "/timeline").get("entries").valueStream()
        .anyMatch(e -> e.get("event").asString().equals("IGNORED")
            && e.get("text").asString().equals("acknowledge refused: already acknowledged by alice@studio.example")));

    // Alice raises it to SEV1 with the Severity menu.
    String sev = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.choose(
        ALICE, INCIDENT_CHANNEL, SUMMARY_TS, "incident:" + id, "incident_severity", "SEV1", sev));
    assertThat(awaitReply(slack, sev).get("text").asString())
        .startsWith("You (alice@studio.example) changed the severity of incident `" + id + "` to SEV1");
    awaitTimeline(id, e -> e.event() == TimelineEvent.SEVERITY_CHANGED && e.actor().equals("alice@studio.example")
        && e.source().equals("slack"));
    assertThat(status(id).severity()).isEqualTo(Severity.SEV1);
    await().until(() -> auditOf(jdbc, sev), a -> "ok".equals(a.get("result")) && id.equals(a.get("target")));

    // Inside the incident's channel the ID may be left out.
    String escalate = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(
        ALICE, INCIDENT_CHANNEL, channelName, "incident escalate need the database team", escalate));
    assertThat(awaitReply(slack, escalate).get("text").asString())
        .startsWith("You (alice@studio.example) escalated incident `" + id + "`");
    awaitTimeline(id, e -> (e.event() == TimelineEvent.ESCALATED || e.event() == TimelineEvent.PAGED)
        && e.actor().equals("alice@studio.example") && e.source().equals("slack"));

    // A responder may not resolve; an incident commander may.
    String aliceResolve = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(
        ALICE, INCIDENT_CHANNEL, channelName, "incident resolve looks fine", aliceResolve));
    assertThat(awaitReply(slack, aliceResolve).get("text").asString())
        .isEqualTo(":no_entry: alice@studio.example (roles: viewer, deployer, responder) may not run `incident.resolve`. "
            + "Ask a Pitcrew admin to add you to incident-commander or admin.");
    await().until(() -> auditOf(jdbc, aliceResolve).get("result"), "denied"::equals);
    // (Escalating paged the next level, so the incident is OPEN again; what matters is that it is not resolved.)
    assertThat(status(id).state()).isEqualTo(IncidentState.OPEN);
    assertThat(status(id).resolvedBy()).isNull();

    String resolve = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(
        CAROL, INCIDENT_CHANNEL, channelName, "incident resolve auth config reverted", resolve));
    assertThat(awaitReply(slack, resolve).get("text").asString())
        .startsWith("You (carol@studio.example) resolved incident `" + id + "`");
    awaitTimeline(id, e -> e.event() == TimelineEvent.RESOLVED && e.actor().equals("carol@studio.example")
        && e.source().equals("slack"));
    assertThat(status(id).resolvedBy()).isEqualTo("carol@studio.example");
  }

  @Test
  void mistakesGetAnActionableEphemeralAnswer() {
    String unknown = responseUrl(slack);
    requests.postSigned("/slack/commands",
        SlackRequests.command(ALICE, OPS, "incident ack incident-nope-0123456789", unknown));
    JsonNode reply = awaitReply(slack, unknown);
    assertThat(reply.get("text").asString()).startsWith("No incident with ID 'incident-nope-0123456789'");
    assertThat(reply.get("response_type").asString()).isEqualTo("ephemeral");
    await().until(() -> auditOf(jdbc, unknown).get("result"), "not_found"::equals);

    String unknownClick = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(ALICE, INCIDENT_CHANNEL, SUMMARY_TS,
        "incident:incident-gone-0123456789", "incident_resolve", "incident-gone-0123456789", unknownClick));
    // Alice may not resolve at all: the permission is checked before the incident is looked up.
    assertThat(awaitReply(slack, unknownClick).get("text").asString()).contains("may not run `incident.resolve`");

    String unknownAck = responseUrl(slack);
    requests.postSigned("/slack/interactivity", SlackRequests.click(ALICE, INCIDENT_CHANNEL, SUMMARY_TS,
        "incident:incident-gone-0123456789", "incident_acknowledge", "incident-gone-0123456789", unknownAck));
    assertThat(awaitReply(slack, unknownAck).get("text").asString())
        .startsWith("No incident with ID 'incident-gone-0123456789'");

    String noChannel = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(ALICE, OPS, "incident ack", noChannel));
    assertThat(awaitReply(slack, noChannel).get("text").asString())
        .startsWith("#ops is not an incident's channel: name the incident, `incident ack <incident-id>`, or type it "
            + "in the incident's channel.")
        .contains("Usage: `/pitcrew incident declare <title…>");

    String badSeverity = responseUrl(slack);
    requests.postSigned("/slack/commands",
        SlackRequests.command(ALICE, OPS, "incident severity critical incident-nope-0123456789", badSeverity));
    assertThat(awaitReply(slack, badSeverity).get("text").asString())
        .startsWith("`incident severity` needs the new level first: sev1, sev2, sev3 or sev4, not `critical`.")
        .contains("Examples:");

    String noTitle = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(ALICE, OPS, "incident declare sev2", noTitle));
    assertThat(awaitReply(slack, noTitle).get("text").asString())
        .startsWith("`incident declare` needs a title: what is wrong, in a few words.");

    String unknownVerb = responseUrl(slack);
    requests.postSigned("/slack/commands", SlackRequests.command(ALICE, OPS, "incident panic", unknownVerb));
    assertThat(awaitReply(slack, unknownVerb).get("text").asString())
        .startsWith("`incident panic` is not something Pitcrew does; use declare, ack, escalate, resolve, note or "
            + "severity.");
    await().until(() -> auditOf(jdbc, unknownVerb).get("result"), "usage"::equals);
    await().until(() -> auditOf(jdbc, noTitle).get("result"), "usage"::equals);
    assertThat(auditOf(jdbc, noTitle).get("target")).isNull();
  }

  private Map<String, Object> incidentRow(String id) {
    return jdbc.sql("select service, severity, source, commander, title, slack_channel from incidents "
            + "where incident_id = ?")
        .param(id).query().listOfRows().stream().findFirst().orElse(null);
  }

  private IncidentStatus status(String id) {
    return temporal.newUntypedWorkflowStub(id).query(IncidentWorkflow.STATUS_QUERY, IncidentStatus.class);
  }

  private void awaitTimeline(String id, Predicate<TimelineEntry> entry) {
    await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(
        temporal.newUntypedWorkflowStub(id).query(IncidentWorkflow.TIMELINE_QUERY, TimelineEntry[].class))
        .anyMatch(entry));
  }

  private JsonNode api(String path) {
    return new dev.pitcrew.api.support.HttpApi(port).get(path).body();
  }

  /** Web API calls of one method, as the form fields Slack received. */
  private static List<Map<String, String>> calls(String method) {
    return webApiCalls(slack, method).stream().toList();
  }

  private static boolean isThisSummary(Map<String, String> message) {
    return message.getOrDefault("blocks", "").contains("incident_acknowledge")
        && message.getOrDefault("text", "").contains("Login errors spiking");
  }
}
