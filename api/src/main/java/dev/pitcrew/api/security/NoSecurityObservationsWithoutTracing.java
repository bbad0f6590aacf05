package dev.pitcrew.api.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * With tracing off ({@code management.tracing.export.enabled=false}, the default; {@code PITCREW_TRACING_ENABLED}),
 * Spring Security observes nothing: otherwise it wraps each of its ~20 filters, the authentication and every
 * authorization (the URL rule and each {@code @PreAuthorize}) in an observation of its own, on every request. With
 * no spans exported nothing uses them (no dashboard, alert or doc reads {@code spring_security_*} series, and the
 * Prometheus scrape in ObservabilityTest shows none), and they cost about 5 % of the request threads' CPU on
 * {@code POST /api/v1/runs} (docs/performance.md, 2026-12-02). Requests are still timed
 * ({@code http_server_requests_seconds}); with tracing on, Spring Security's defaults apply and its spans are
 * exported as before.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.tracing.export.enabled", havingValue = "false")
class NoSecurityObservationsWithoutTracing {

  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }
}
