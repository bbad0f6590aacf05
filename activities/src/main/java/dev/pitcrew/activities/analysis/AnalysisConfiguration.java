package dev.pitcrew.activities.analysis;

import java.net.http.HttpClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalysisProperties.class)
public class AnalysisConfiguration {

  @Bean
  PrometheusClient prometheusClient(AnalysisProperties properties) {
    return new PrometheusClient(httpClient(properties), properties.prometheusUrl(), properties.requestTimeout());
  }

  @Bean
  HttpSmokeChecker httpSmokeChecker(AnalysisProperties properties) {
    return new HttpSmokeChecker(httpClient(properties), properties.smokeBaseUrl(), properties.requestTimeout());
  }

  private static HttpClient httpClient(AnalysisProperties properties) {
    // Never follow redirects: a smoke check judges what the Service itself answers.
    return HttpClient.newBuilder()
        .connectTimeout(properties.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
