package dev.pitcrew.activities.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.jira.JiraConfiguration;
import dev.pitcrew.activities.jira.JiraIssues;
import dev.pitcrew.activities.jira.JiraOutbox;
import dev.pitcrew.activities.jira.JiraRestIssues;
import dev.pitcrew.activities.outbox.OutboxRepository;
import dev.pitcrew.activities.pagerduty.PagerDutyConfiguration;
import dev.pitcrew.activities.pagerduty.PagerDutyRestApi;
import dev.pitcrew.activities.pagerduty.PagerDutyRestConfiguration;
import dev.pitcrew.activities.pagerduty.PagerDutyRestProperties;
import dev.pitcrew.activities.pagerduty.PagerDutyEvents;
import dev.pitcrew.activities.pagerduty.PagerDutyEventsApi;
import dev.pitcrew.activities.pagerduty.PagerDutyOutbox;
import dev.pitcrew.activities.pagerduty.PagerDutyProperties;
import dev.pitcrew.activities.slack.SlackConfiguration;
import dev.pitcrew.activities.slack.SlackConversations;
import dev.pitcrew.activities.slack.SlackConversationsOutbox;
import dev.pitcrew.activities.slack.SlackWebApi;
import dev.pitcrew.activities.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each integration picks the real client only when its credentials are configured, and never logs them. */
@ExtendWith(OutputCaptureExtension.class)
class IntegrationModeTest {
  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withBean(JdbcClient.class, TestDatabase::jdbc)
      .withBean(OutboxRepository.class)
      .withUserConfiguration(PagerDutyConfiguration.class, PagerDutyRestConfiguration.class, SlackConfiguration.class,
          JiraConfiguration.class);

  @Test
  void withoutCredentialsEverythingGoesToTheOutbox(CapturedOutput output) {
    context.run(beans -> {
      assertThat(beans.getBean(PagerDutyEvents.class)).isInstanceOf(PagerDutyOutbox.class);
      assertThat(beans.getBean(SlackConversations.class)).isInstanceOf(SlackConversationsOutbox.class);
      assertThat(beans.getBean(JiraIssues.class)).isInstanceOf(JiraOutbox.class);
      assertThat(beans).doesNotHaveBean(PagerDutyRestApi.class);
    });
    assertThat(output).contains("PagerDuty: no routing key configured", "No Slack bot token",
        "JIRA: no base URL");
  }

  @Test
  void withCredentialsTheRealClientsAreUsedAndSecretsStayOutOfLogs(CapturedOutput output) {
    context.withPropertyValues(
            "pitcrew.pagerduty.default-routing-key=R0UTINGSECRET",
            "pitcrew.pagerduty.routing-keys.payments=R0UTINGSECRET2",
            "pitcrew.pagerduty.api-token=PDRESTSECRET",
            "pitcrew.slack.bot-token=xoxb-SECRET",
            "pitcrew.jira.base-url=https://studio.atlassian.net",
            "pitcrew.jira.email=pitcrew@studio.example",
            "pitcrew.jira.api-token=JIRASECRET")
        .run(beans -> {
          assertThat(beans.getBean(PagerDutyEvents.class)).isInstanceOf(PagerDutyEventsApi.class);
          assertThat(beans.getBean(SlackConversations.class)).isInstanceOf(SlackWebApi.class);
          assertThat(beans.getBean(JiraIssues.class)).isInstanceOf(JiraRestIssues.class);
          assertThat(beans.getBean(PagerDutyProperties.class).toString()).doesNotContain("SECRET");
          assertThat(beans).hasSingleBean(PagerDutyRestApi.class);
          assertThat(beans.getBean(PagerDutyRestProperties.class).toString()).doesNotContain("SECRET");
        });
    assertThat(output).contains("PagerDuty: sending events", "Slack messages go to Slack's Web API", "JIRA: filing postmortems",
            "PagerDuty: REST API at https://api.pagerduty.com")
        .doesNotContain("SECRET");
  }

  @Test
  void rejectsAnInvalidConfiguration() {
    context.withPropertyValues("pitcrew.slack.stakeholder-channel=").run(beans -> assertThat(beans).hasFailed());
  }
}
