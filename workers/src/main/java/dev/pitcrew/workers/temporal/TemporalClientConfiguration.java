package dev.pitcrew.workers.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import dev.pitcrew.workers.health.CachedHealthIndicator;
import dev.pitcrew.workers.health.HealthCacheProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects to the Temporal frontend given by the {@link TemporalEndpoint} bean and reports SDK metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TemporalProperties.class, HealthCacheProperties.class})
public class TemporalClientConfiguration {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("Authorization", Metadata.ASCII_STRING_MARSHALLER);

  @Bean(destroyMethod = "close")
  Scope temporalMetricsScope(MeterRegistry registry) {
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
  }

  /** Lazily connected: a Temporal outage at start-up shows in health and 503s, not a failed boot. */
  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      TemporalEndpoint endpoint, TemporalProperties properties, Scope temporalMetricsScope) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder()
            .setMetricsScope(temporalMetricsScope)
            .setRpcTimeout(properties.rpcTimeout())
            // An API caller waits on these retries: better a clear 503 after seconds than a minute of silence.
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder().setExpiration(properties.rpcRetryWindow()).validateBuildWithDefaults());
    if (endpoint.inProcessChannel() != null) {
      // The engine runs in this process: no socket, no protobuf encoding (the stubs leave the channel open).
      return WorkflowServiceStubs.newServiceStubs(options.setChannel(endpoint.inProcessChannel()).build());
    }
    options.setTarget(endpoint.target());
    if (endpoint.embedded()) {
      return WorkflowServiceStubs.newServiceStubs(options.build());
    }
    if (properties.tls() != null && properties.tls().certChain() != null) {
      options.setSslContext(sslContext(properties.tls()));
    }
    if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
      String apiKey = properties.apiKey();
      if (properties.tls() == null) {
        options.setEnableHttps(true);
      }
      options.addGrpcMetadataProvider(() -> {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + apiKey);
        return headers;
      });
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  /**
   * The one client of this process; workers built from it inherit its data converter, so payload encryption (when
   * configured) covers every client call and every worker.
   */
  @Bean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs, TemporalEndpoint endpoint, DataConverter temporalDataConverter,
      ObjectProvider<WorkflowClientInterceptor> interceptors, ObjectProvider<ContextPropagator> propagators) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(endpoint.namespace())
            .setDataConverter(temporalDataConverter)
            .setInterceptors(interceptors.orderedStream().toArray(WorkflowClientInterceptor[]::new))
            .setContextPropagators(propagators.orderedStream().toList())
            .build());
  }

  /** Asks the frontend at most once per {@code pitcrew.health.cache-ttl}, however often probes ask. */
  @Bean
  HealthIndicator temporalHealthIndicator(
      WorkflowServiceStubs stubs, TemporalEndpoint endpoint, HealthCacheProperties cache) {
    return new CachedHealthIndicator(new TemporalHealthIndicator(stubs, endpoint, Duration.ofSeconds(3)),
        cache.cacheTtl());
  }

  @Bean
  SearchAttributeSupport searchAttributeSupport(
      WorkflowServiceStubs stubs, TemporalEndpoint endpoint, TemporalProperties properties) {
    return SearchAttributeSupport.negotiate(stubs, endpoint, properties.searchAttributes());
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(TemporalProperties.Tls tls) {
    try {
      SslContextBuilder builder =
          GrpcSslContexts.forClient().keyManager(tls.certChain().toFile(), tls.privateKey().toFile());
      if (tls.trustedCa() != null) {
        builder.trustManager(tls.trustedCa().toFile());
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Temporal TLS certificate or key: " + e.getMessage(), e);
    }
  }
}
