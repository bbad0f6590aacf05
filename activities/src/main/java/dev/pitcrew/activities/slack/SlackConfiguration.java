package dev.pitcrew.activities.slack;

import dev.pitcrew.activities.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlackProperties.class)
public class SlackConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SlackConfiguration.class);

  @Bean
  SlackConversations slackConversations(SlackProperties properties, OutboxRepository outbox) {
    if (properties.configured()) {
      log.info("Slack: using the Web API at {} (bot token configured)", properties.methodsUrl());
      return new SlackWebApi(properties);
    }
    log.info("Slack: no bot token configured; messages go to the outbox");
    return new SlackOutbox(outbox);
  }
}
