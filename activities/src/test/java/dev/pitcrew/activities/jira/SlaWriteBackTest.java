package dev.pitcrew.activities.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitcrew.activities.email.EmailSender;
import dev.pitcrew.activities.notifications.NotificationLog;
import dev.pitcrew.activities.pagerduty.PagerDutyEventsApi;
import dev.pitcrew.activities.pagerduty.PagerDutyProperties;
import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.activities.slack.SlackWebApiOnWireMock;
import dev.pitcrew.activities.sla.SlaMetrics;
import dev.pitcrew.activities.sla.SlaNotificationActivitiesImpl;
import dev.pitcrew.activities.sla.SlaProperties;
import dev.pitcrew.workflows.sla.SlaAlert;
import dev.pitcrew.workflows.sla.SlaGoal;
import dev.pitcrew.workflows.sla.TicketAssignment;
import dev.pitcrew.workflows.sla.TicketSlaInput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The SLA notification activity against JIRA Cloud's REST API and Slack's Web API on WireMock: the exact requests
 * Pitcrew sends when it writes an assignee or a raised priority back, or posts a breach, and that the JIRA token
 * stays out of errors and logs when JIRA refuses.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlaWriteBackTest {
  private static final String SUPPORT_ROUTING_KEY = "R0UTINGKEYSUPPORT00000000000000";
  private PagerDutyProperties pagerDuty;
  private static final String TOKEN = "ATATT3xFfGF0-never-print-me";
  private static final String EMAIL = "pitcrew-bot@studio.example";

  static final WireMockServer remote = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  static {
    remote.start();
  }

  private final List<NotificationLog.Notification> logged = new CopyOnWriteArrayList<>();
  private final List<NotificationLog.Delivery> deliveries = new CopyOnWriteArrayList<>();
  private SlaNotificationActivitiesImpl activities;

  @BeforeEach
  void activities() {
    remote.resetAll();
    pagerDuty = new PagerDutyProperties(remote.baseUrl() + "/v2/enqueue", "R0UTINGKEYDEFAULT000000000000000",
        Map.of("support", SUPPORT_ROUTING_KEY));
    JiraCloudApi jira = JiraConfiguration.connect(
        new JiraProperties(remote.baseUrl(), EMAIL, TOKEN, null, false, "OPS", "Task", "Task", "Relates", java.time.Duration.ofSeconds(20)));
    StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("jira", jira));
    NotificationLog log = (notification, delivery) -> {
      logged.add(notification);
      deliveries.add(delivery);
    };
    activities = new SlaNotificationActivitiesImpl(
        log,
        new EmailSender(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class),
            new SlaProperties("support", "pitcrew@studio.example", java.time.Duration.ZERO, java.time.Duration.ZERO)),
        SlackWebApiOnWireMock.at(remote.baseUrl(), "xoxb-test-token"),
        beans.getBeanProvider(JiraCloudApi.class),
        new SlaMetrics(new SimpleMeterRegistry(), JdbcClient.create(TestDatabase.dataSource())),
        new PagerDutyEventsApi(pagerDuty),
        pagerDuty);
  }

  @AfterAll
  static void stop() {
    remote.stop();
  }

  private static String basicAuth() {
    return "Basic " + Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theChosenAgentIsWrittenBackAsTheIssueAssignee() {
    remote.stubFor(put(urlEqualTo("/rest/api/3/issue/SUP-7/assignee")).willReturn(aResponse().withStatus(204)));

    activities.assignInJira("SUP-7", TicketSlaInput.SOURCE_JIRA,
        new TicketAssignment("support", "alice", "alice@studio.example", "5b10a2844c20165700ede21g", true));

    LoggedRequest sent = remote.findAll(putRequestedFor(urlEqualTo("/rest/api/3/issue/SUP-7/assignee"))).getFirst();
    assertThat(sent.getBodyAsString()).isEqualTo("{\"accountId\":\"5b10a2844c20165700ede21g\"}");
    assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
    assertThat(sent.getHeader("Authorization")).isEqualTo(basicAuth());
    assertThat(deliveries).containsExactly(NotificationLog.Delivery.SENT);
    assertThat(logged.getFirst().kind()).isEqualTo("JIRA_ASSIGNEE");
  }

  @Test
  void aRaisedPriorityIsWrittenBackAsAnIssueEdit() {
    remote.stubFor(put(urlEqualTo("/rest/api/3/issue/SUP-8")).willReturn(aResponse().withStatus(204)));

    activities.raisePriority("SUP-8", TicketSlaInput.SOURCE_JIRA, "Highest");

    remote.verify(1, putRequestedFor(urlEqualTo("/rest/api/3/issue/SUP-8"))
        .withHeader("Authorization", equalTo(basicAuth()))
        .withRequestBody(equalToJson("{\"fields\":{\"priority\":{\"name\":\"Highest\"}}}", false, false)));
    assertThat(deliveries).containsExactly(NotificationLog.Delivery.SENT);
  }

  @Test
  void ticketsOutsideJiraAreNeverWrittenToJira() {
    activities.raisePriority("PIT-3", TicketSlaInput.SOURCE_PITCREW, "Highest");
    activities.assignInJira("PIT-3", TicketSlaInput.SOURCE_PITCREW,
        new TicketAssignment("support", "alice", "alice@studio.example", "acc-alice", true));

    assertThat(remote.getAllServeEvents()).isEmpty();
    assertThat(deliveries).containsExactly(NotificationLog.Delivery.NOT_CONFIGURED);
  }

  @Test
  void aRefusingJiraFailsTheActivityWithoutTheTokenInTheErrorOrTheLog(CapturedOutput output) {
    remote.stubFor(put(urlEqualTo("/rest/api/3/issue/SUP-9/assignee"))
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"errorMessages\":[\"You do not have permission to assign issues.\"]}")));

    Throwable failure = catchThrowable(() -> activities.assignInJira("SUP-9", TicketSlaInput.SOURCE_JIRA,
        new TicketAssignment("support", "alice", "alice@studio.example", "acc-alice", true)));

    assertThat(failure).isNotNull().hasMessageContaining("401");
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(TOKEN)
        .doesNotContain(Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    assertThat(output.getAll()).doesNotContain(TOKEN);
    assertThat(String.valueOf(new JiraProperties(remote.baseUrl(), EMAIL, TOKEN, "whsec-9f8e7d", false, "OPS", "Task", "Task", "Relates", java.time.Duration.ofSeconds(20))))
        .doesNotContain(TOKEN).doesNotContain("whsec-9f8e7d");
    assertThat(logged).as("nothing recorded as sent").isEmpty();
  }

  @Test
  void aBreachIsPostedToTheQueueChannel() {
    remote.stubFor(post(urlEqualTo("/api/chat.postMessage"))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"C0SUPPORT\",\"ts\":\"1700000000.000200\"}")));

    activities.postBreachToSlack(new SlaAlert("SUP-10", TicketSlaInput.SOURCE_JIRA, "Lag spikes", 1,
        SlaGoal.FIRST_RESPONSE, "High", "support", "alice", "alice@studio.example", 100, System.currentTimeMillis(),
        Duration.ofHours(1).toMillis()), "#support");

    LoggedRequest sent = remote.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage"))).getFirst();
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer xoxb-test-token");
    String form = URLDecoder.decode(sent.getBodyAsString(), StandardCharsets.UTF_8);
    assertThat(form).contains("channel=#support")
        .contains("SLA breached: SUP-10 \"Lag spikes\" (High) missed its 1h first-response goal; assigned to alice.");
    assertThat(deliveries).containsExactly(NotificationLog.Delivery.SENT);
    assertThat(logged.getFirst().kind()).isEqualTo("BREACH");
  }

  @Test
  void aBreachPagesTheQueuesPagerDutyServiceOncePerTicketCycleAndGoal() {
    remote.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)
        .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"sla/SUP-11/2/RESOLUTION\"}")));

    activities.page(new SlaAlert("SUP-11", TicketSlaInput.SOURCE_JIRA, "Lag spikes", 2, SlaGoal.RESOLUTION, "High",
        "support", "alice", "alice@studio.example", 100, System.currentTimeMillis(), Duration.ofHours(8).toMillis()));

    remote.verify(1, postRequestedFor(urlEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
        {"routing_key": "%s", "event_action": "trigger", "dedup_key": "sla/SUP-11/2/RESOLUTION",
         "payload": {"summary": "SLA breached: SUP-11 (High)", "source": "pitcrew-sla", "severity": "error",
                     "component": "support"}}""".formatted(SUPPORT_ROUTING_KEY), true, true)));
    assertThat(deliveries).containsExactly(NotificationLog.Delivery.SENT);
    assertThat(logged.getFirst().kind()).isEqualTo("PAGE");
    assertThat(logged.getFirst().target()).isEqualTo("support");
  }

  /**
   * The acknowledgement a ticket's run tries inside its first workflow task: with no mail server it is the
   * notification-log row and done; with one, it does nothing and answers false, so the email is the activity's.
   */
  @Test
  void anAcknowledgementNeedingNoMailIsLoggedAndAnEmailIsLeftToTheActivity() {
    TicketSlaInput ticket = new TicketSlaInput("PIT-4", TicketSlaInput.SOURCE_PITCREW, "Cannot log in",
        "player@example.com", "Low", "Open", null, List.of(), List.of(), null);
    TicketAssignment queue = new TicketAssignment("support", null, null, null, true);

    assertThat(activities.acknowledgeWithoutMail(ticket, queue, 0)).as("no mail server: logged, done").isTrue();
    assertThat(deliveries).containsExactly(NotificationLog.Delivery.NOT_CONFIGURED);
    assertThat(logged.getFirst().dedupKey()).isEqualTo("ack/PIT-4");
    assertThat(logged.getFirst().kind()).isEqualTo("ACKNOWLEDGEMENT");

    SlaNotificationActivitiesImpl withMail = new SlaNotificationActivitiesImpl(
        (notification, delivery) -> {
          logged.add(notification);
          deliveries.add(delivery);
        },
        new EmailSender(
            new StaticListableBeanFactory(Map.of("mail", new org.springframework.mail.javamail.JavaMailSenderImpl()))
                .getBeanProvider(JavaMailSender.class),
            new SlaProperties("support", "pitcrew@studio.example", java.time.Duration.ZERO, java.time.Duration.ZERO)),
        null, null, null, null, pagerDuty);
    assertThat(withMail.acknowledgeWithoutMail(ticket, queue, 0)).as("an email to send: left to the activity")
        .isFalse();
    assertThat(logged).as("nothing logged for the email before it is sent").hasSize(1);
  }

  @Test
  void aBreachWithNoRoutingKeyForItsQueueOrTheDefaultIsLoggedNotFailed() {
    SlaNotificationActivitiesImpl withoutDefault = new SlaNotificationActivitiesImpl(
        (notification, delivery) -> {
          logged.add(notification);
          deliveries.add(delivery);
        },
        null, null, null, null,
        new PagerDutyEventsApi(new PagerDutyProperties(remote.baseUrl() + "/v2/enqueue", null,
            Map.of("payments", "R0UTINGKEYPAYMENTS0000000000000"))),
        new PagerDutyProperties(remote.baseUrl() + "/v2/enqueue", null,
            Map.of("payments", "R0UTINGKEYPAYMENTS0000000000000")));

    withoutDefault.page(new SlaAlert("SUP-12", TicketSlaInput.SOURCE_JIRA, "Lag spikes", 1, SlaGoal.FIRST_RESPONSE,
        "High", "support", "alice", "alice@studio.example", 100, System.currentTimeMillis(),
        Duration.ofHours(1).toMillis()));

    assertThat(remote.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")))).isEmpty();
    assertThat(deliveries).containsExactly(NotificationLog.Delivery.NOT_CONFIGURED);
  }
}
