package dev.pitcrew.api.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.web.*}: protections every HTTP request passes through, whoever sends it.
 *
 * @param maxBodyBytes largest request body on any endpoint (413 beyond); an endpoint with its own larger setting
 *     (the Alertmanager and PagerDuty webhooks, Slack) is capped by that setting instead
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} is believed; empty: the
 *     connection's address is the client's, whatever headers say
 * @param rateLimits request rate limits per address and per principal
 */
@Validated
@ConfigurationProperties("pitcrew.web")
public record WebProtectionProperties(
    @NotNull @DefaultValue("1MB") DataSize maxBodyBytes,
    @NotNull @DefaultValue List<@NotBlank String> trustedProxies,
    @NotNull @Valid @DefaultValue RateLimits rateLimits) {

  public WebProtectionProperties {
    if (maxBodyBytes != null && maxBodyBytes.toBytes() < 1024) {
      throw new IllegalArgumentException("pitcrew.web.max-body-bytes must be at least 1KB");
    }
    trustedProxies = trustedProxies == null ? List.of() : trustedProxies.stream().map(String::trim).toList();
  }

  /**
   * Token buckets, kept in memory by each replica: with N replicas behind a balancer a client gets up to N times
   * these rates.
   *
   * @param enabled {@code false} turns every rate limit off (e.g. behind a gateway that limits already)
   * @param perPrincipal each authenticated principal, on every endpoint but webhooks, Slack and health
   * @param perAddress each client address, on every endpoint but the ones below and health
   * @param login each client address on {@code /login}, {@code /mfa} and {@code /api/v1/tokens}, instead of
   *     {@code perAddress}: password and token guessing is slow by design
   * @param webhooks each client address on {@code /api/v1/hooks/**} and {@code /slack/**}, instead of
   *     {@code perAddress}: generous, as an Alertmanager flushing its groups legitimately bursts
   * @param maxTrackedKeys buckets kept per limiter; beyond, the least recently seen client's is forgotten
   */
  public record RateLimits(
      @DefaultValue("true") boolean enabled,
      @NotNull @DefaultValue("20/1s burst 40") RateLimit perPrincipal,
      @NotNull @DefaultValue("50/1s burst 100") RateLimit perAddress,
      @NotNull @DefaultValue("5/1m burst 10") RateLimit login,
      @NotNull @DefaultValue("100/1s burst 1000") RateLimit webhooks,
      @Min(100) @DefaultValue("100000") int maxTrackedKeys) {}
}
