package dev.pitcrew.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.config.observation.SecurityObservationSettings;
import tools.jackson.databind.JsonNode;

/** Health shows the parts on-call needs to see; Prometheus gets JVM, HTTP and Temporal SDK metrics. */
class ObservabilityTest extends SharedServerTest {
  @Autowired Tracer tracer;
  @Autowired Propagator propagator;
  @Autowired SecurityObservationSettings securityObservations;

  /**
   * Tracing is off by default, and then no request makes a span (TelemetryTest covers tracing on): the no-op tracer
   * and propagator stand in for OpenTelemetry's, which made and dropped one per request (docs/performance.md).
   */
  @Test
  void withTracingOffNoSpansAreMade() {
    assertThat(tracer).isSameAs(Tracer.NOOP);
    assertThat(propagator).isSameAs(Propagator.NOOP);
    // Nor does Spring Security observe its filters, authentications and authorizations (docs/performance.md).
    assertThat(securityObservations.shouldObserveRequests()).isFalse();
    assertThat(securityObservations.shouldObserveAuthentications()).isFalse();
    assertThat(securityObservations.shouldObserveAuthorizations()).isFalse();
    assertThat(new HttpApi(port).get("/api/v1/runs?size=1").status()).as("requests are still served").isEqualTo(200);
  }

  @Test
  void healthIsUpWithTemporalAndDatabase() {
    Response health = new HttpApi(port).get("/actuator/health");

    assertThat(health.status()).isEqualTo(200);
    JsonNode components = health.body().get("components");
    assertThat(health.body().get("status").asString()).isEqualTo("UP");
    assertThat(components.get("temporal").get("status").asString()).isEqualTo("UP");
    assertThat(components.get("temporal").get("details").get("engine").asString()).isEqualTo("test-server");
    assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void prometheusExposesJvmHttpAndTemporalMetrics() {
    HttpApi api = new HttpApi(port);
    api.post("/api/v1/runs", "{\"type\":\"self-check\"}");

    // The SDK's metrics scope reports every 10 seconds.
    String metrics =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> api.get("/actuator/prometheus").text(),
                text -> text.contains("temporal_workflow_completed") || text.contains("temporal_request_total"));
    assertThat(metrics).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count");
    assertThat(metrics).containsPattern("(?m)^temporal_\\w+");
  }
}
