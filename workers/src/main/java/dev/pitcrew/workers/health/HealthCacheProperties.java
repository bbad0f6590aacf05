package dev.pitcrew.workers.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.health.*}: how long the answer of a health check that calls another system (Temporal, PostgreSQL)
 * is reused. Probes, Prometheus and people may ask many times a second; the engine and the database are asked at
 * most once per period, and a change shows within it.
 *
 * @param cacheTtl how long one answer is reused; {@code 0s} asks every time
 */
@Validated
@ConfigurationProperties("pitcrew.health")
public record HealthCacheProperties(@NotNull @DefaultValue("5s") Duration cacheTtl) {}
