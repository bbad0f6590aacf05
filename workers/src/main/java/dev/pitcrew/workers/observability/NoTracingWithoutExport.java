package dev.pitcrew.workers.observability;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With tracing off ({@code management.tracing.export.enabled=false}, the default; {@code PITCREW_TRACING_ENABLED}),
 * no spans at all. Spring Boot otherwise keeps OpenTelemetry's tracer and propagator although nothing exports: every
 * observed request got a span (sampled at {@code management.tracing.sampling.probability}, 1.0), started by the
 * propagator from the request's headers, and dropped at its end. The no-op tracer and propagator stand in for the
 * OpenTelemetry bridge's (which backs off when either exists); observations still time requests for the metrics.
 * That was about 4 % of the request threads' CPU under the Gatling scenario (docs/performance.md, 2026-12-02). Logs
 * carry no {@code traceId} then, as docs/monitoring.md says; with tracing on, {@link TracingConfiguration} applies.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.tracing.export.enabled", havingValue = "false")
public class NoTracingWithoutExport {

  @Bean
  Tracer noSpansWithoutExport() {
    return Tracer.NOOP;
  }

  @Bean
  Propagator noPropagationWithoutExport() {
    return Propagator.NOOP;
  }
}
