package dev.pitcrew.activities.jira;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JiraProperties.class)
public class JiraConfiguration {

  @Bean
  @ConditionalOnProperty("pitcrew.jira.base-url")
  JiraRestClient jiraRestClient(JiraProperties jira) {
    RestClient rest =
        RestClient.builder()
            .baseUrl(jira.baseUrl().toString())
            .defaultHeaders(headers -> {
              if (jira.email() != null && jira.apiToken() != null) {
                headers.setBasicAuth(jira.email(), jira.apiToken());
              }
            })
            .build();
    return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(JiraRestClient.class);
  }
}
