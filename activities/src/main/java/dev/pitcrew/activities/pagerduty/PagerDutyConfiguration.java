package dev.pitcrew.activities.pagerduty;

import dev.pitcrew.activities.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PagerDutyProperties.class)
public class PagerDutyConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PagerDutyConfiguration.class);

  /** Real paging once a routing key is configured; the outbox otherwise, so local mode wakes nobody. */
  @Bean
  PagerDutyEvents pagerDutyEvents(PagerDutyProperties properties, OutboxRepository outbox) {
    if (properties.configured()) {
      log.info("PagerDuty: sending events to {} (routing keys configured)", properties.eventsUrl());
      return new PagerDutyEventsApi(properties);
    }
    log.info("PagerDuty: no routing key configured; events go to the outbox");
    return new PagerDutyOutbox(outbox);
  }
}
