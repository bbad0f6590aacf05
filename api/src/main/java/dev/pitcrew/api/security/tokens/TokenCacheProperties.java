package dev.pitcrew.api.security.tokens;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.security.token-cache.*}: how long a replica reuses the outcome of checking an API token instead of
 * asking PostgreSQL on every request. Revoking a token (or changing roles) forgets it at once on the replica that
 * did it; every other replica stops accepting it within {@code ttl} at the latest.
 *
 * @param ttl how long a checked token is trusted without asking the database again; {@code 0s} asks every time.
 *     At most one minute: this is how late a revocation may bite on another replica
 * @param maxTokens how many distinct tokens a replica remembers at once (least recently used go first)
 */
@Validated
@ConfigurationProperties("pitcrew.security.token-cache")
public record TokenCacheProperties(
    @NotNull @DefaultValue("5s") Duration ttl,
    @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxTokens) {

  public TokenCacheProperties {
    if (ttl != null && (ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(1)) > 0)) {
      throw new IllegalArgumentException(
          "pitcrew.security.token-cache.ttl must be between 0s and 1m: it is how late a revocation may bite");
    }
  }
}
