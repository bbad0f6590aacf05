package dev.pitcrew.activities.jira;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JiraProperties.class)
public class JiraConfiguration {
  // Both well inside the 30-second start-to-close timeout of the SLA notification activities, so a hanging JIRA
  // fails the attempt and the activity retries instead of Temporal timing the attempt out.
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  @Bean
  @ConditionalOnProperty("pitcrew.jira.base-url")
  JiraRestClient jiraRestClient(JiraProperties jira) {
    // HTTP/1.1: the JDK client's cleartext HTTP/2 upgrade loses PUT bodies on servers that refuse it (a JIRA
    // behind a plain-HTTP proxy); JIRA Cloud gains nothing from HTTP/2 for two small calls.
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build());
    requests.setReadTimeout(READ_TIMEOUT);
    RestClient rest =
        RestClient.builder()
            .requestFactory(requests)
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
