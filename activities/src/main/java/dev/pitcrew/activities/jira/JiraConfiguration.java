package dev.pitcrew.activities.jira;

import dev.pitcrew.activities.outbox.OutboxRepository;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JiraProperties.class)
public class JiraConfiguration {
  private static final Logger log = LoggerFactory.getLogger(JiraConfiguration.class);

  /** Present only with a base URL, account and token: callers without it record what they would have sent. */
  @Bean
  @ConditionalOnProperty(prefix = "pitcrew.jira", name = {"base-url", "email", "api-token"})
  JiraCloudApi jiraCloudApi(JiraProperties properties) {
    return connect(properties);
  }

  @Bean
  JiraIssues jiraIssues(JiraProperties properties, ObjectProvider<JiraCloudApi> api, OutboxRepository outbox) {
    JiraCloudApi client = api.getIfAvailable();
    if (client != null) {
      log.info("JIRA: filing postmortems in project {} at {}", properties.projectKey(), properties.baseUrl());
      return new JiraRestIssues(client);
    }
    log.info("JIRA: no base URL, e-mail and API token configured; postmortems go to the outbox");
    return new JiraOutbox(outbox, properties.projectKey());
  }

  /** The one JIRA client: basic auth, timeouts, HTTP/1.1. */
  public static JiraCloudApi connect(JiraProperties properties) {
    // HTTP/1.1: the JDK client's default h2c upgrade attempt on plain http confuses some proxies and test servers.
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.timeout()).build();
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
    requests.setReadTimeout(properties.timeout());
    String credentials = properties.email() + ":" + properties.apiToken();
    RestClient client =
        RestClient.builder()
            .baseUrl(properties.baseUrl())
            .requestFactory(requests)
            .defaultHeader(HttpHeaders.AUTHORIZATION,
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .build();
    return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(JiraCloudApi.class);
  }
}
