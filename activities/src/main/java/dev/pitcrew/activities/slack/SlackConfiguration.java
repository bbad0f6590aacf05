package dev.pitcrew.activities.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.pitcrew.activities.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Slack SDK client and where Slack calls go: Slack itself with a bot token, else the PostgreSQL outbox. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlackProperties.class)
public class SlackConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SlackConfiguration.class);

  @Bean(destroyMethod = "close")
  Slack slack(SlackProperties properties) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(properties.apiUrl());
    // No background auth.test calls per token: Pitcrew makes only the calls it means to.
    config.setStatsEnabled(false);
    config.setPrettyResponseLoggingEnabled(false);
    return Slack.getInstance(config);
  }

  /** One pacer for every message Pitcrew sends, so run cards and incident channels share a channel's interval. */
  @Bean
  ChannelPacer slackChannelPacer(SlackProperties properties) {
    return new ChannelPacer(properties.channelInterval());
  }

  @Bean
  SlackDelivery slackDelivery(Slack slack, SlackProperties properties, OutboxRepository outbox, ChannelPacer pacer) {
    if (properties.hasBotToken()) {
      log.info("Slack messages go to Slack's Web API at {}", properties.apiUrl());
      return new SlackWebApiDelivery(slack, properties.botToken(), pacer);
    }
    log.info("No Slack bot token (PITCREW_SLACK_BOTTOKEN): Slack messages are kept in the outbox, "
        + "GET /api/v1/outbox?integration=slack");
    return new SlackOutbox(outbox);
  }

  /** Incident channels: created, joined, posted to and archived through the same client, or the outbox. */
  @Bean
  SlackConversations slackConversations(
      Slack slack, SlackProperties properties, OutboxRepository outbox, ChannelPacer pacer) {
    if (properties.hasBotToken()) {
      return new SlackWebApi(slack, properties.botToken(), pacer);
    }
    return new SlackConversationsOutbox(outbox);
  }
}
