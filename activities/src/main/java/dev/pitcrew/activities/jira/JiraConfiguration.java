package dev.pitcrew.activities.jira;

import dev.pitcrew.activities.outbox.OutboxRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JiraProperties.class)
public class JiraConfiguration {
  private static final Logger log = LoggerFactory.getLogger(JiraConfiguration.class);

  @Bean
  JiraIssues jiraIssues(JiraProperties properties, OutboxRepository outbox) {
    if (properties.configured()) {
      log.info("JIRA: filing postmortems in project {} at {}", properties.projectKey(), properties.baseUrl());
      return new JiraRestIssues(properties);
    }
    log.info("JIRA: no base URL, e-mail and API token configured; postmortems go to the outbox");
    return new JiraOutbox(outbox, properties.projectKey());
  }
}
