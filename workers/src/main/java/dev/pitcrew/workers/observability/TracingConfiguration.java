package dev.pitcrew.workers.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One trace from the REST call through the workflow to its activities: Temporal's tracing interceptors (OpenTracing,
 * the API the SDK instruments) write to Spring Boot's OpenTelemetry through the OpenTracing shim, and carry the
 * trace context in Temporal headers, so the workflow and activity spans join the request's trace even on another
 * worker pod. Off unless {@code management.tracing.export.enabled} is true ({@code PITCREW_TRACING_ENABLED}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.tracing.export.enabled", havingValue = "true")
public class TracingConfiguration {

  @Bean
  OpenTracingOptions temporalTracingOptions(OpenTelemetry openTelemetry) {
    return OpenTracingOptions.newBuilder().setTracer(OpenTracingShim.createTracerShim(openTelemetry)).build();
  }

  @Bean
  OpenTracingClientInterceptor temporalClientTracing(OpenTracingOptions temporalTracingOptions) {
    return new OpenTracingClientInterceptor(temporalTracingOptions);
  }

  @Bean
  OpenTracingWorkerInterceptor temporalWorkerTracing(OpenTracingOptions temporalTracingOptions) {
    return new OpenTracingWorkerInterceptor(temporalTracingOptions);
  }
}
