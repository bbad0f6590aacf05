package dev.pitcrew.api.security.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.api.security.Caller;
import dev.pitcrew.api.security.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;

/**
 * The token cache on Caffeine's own clock, moved by hand: a checked token is reused within the TTL and asked for
 * again after it (how late a revocation on another replica bites), forgotten at once on revoke or role change, and
 * a refused token is never remembered.
 */
class CheckedTokensTest {
  private static final Duration TTL = Duration.ofSeconds(5);
  private final AtomicLong nanos = new AtomicLong();
  private final CheckedTokens cache = new CheckedTokens(new TokenCacheProperties(TTL, 100), nanos::get);
  private final AtomicInteger lookups = new AtomicInteger();

  @Test
  void aCheckedTokenIsReusedWithinTheTtlAndCheckedAgainAfterIt() {
    cache.check("pct_one", this::lookUp);
    nanos.addAndGet(TTL.minusMillis(1).toNanos());
    cache.check("pct_one", this::lookUp);
    assertThat(lookups).hasValue(1);

    nanos.addAndGet(Duration.ofMillis(2).toNanos());
    cache.check("pct_one", this::lookUp);
    assertThat(lookups).as("past the TTL the database is asked again: a revocation elsewhere bites").hasValue(2);
  }

  @Test
  void revokingOrChangingRolesForgetsAtOnce() {
    cache.check("pct_one", this::lookUp);
    cache.check("pct_two", this::lookUp);
    cache.forget("tok_pct_one");
    cache.check("pct_one", this::lookUp);
    cache.check("pct_two", this::lookUp);
    assertThat(lookups).hasValue(3);

    cache.forgetAll();
    cache.check("pct_two", this::lookUp);
    assertThat(lookups).hasValue(4);
  }

  @Test
  void aRefusedTokenIsNotRemembered() {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> cache.check("pct_unknown", secret -> {
        lookups.incrementAndGet();
        throw new BadCredentialsException("Unknown API token");
      })).isInstanceOf(BadCredentialsException.class);
    }
    assertThat(lookups).hasValue(2);
  }

  @Test
  void aZeroTtlAsksEveryTime() {
    CheckedTokens off = new CheckedTokens(new TokenCacheProperties(Duration.ZERO, 100), nanos::get);
    off.check("pct_one", this::lookUp);
    off.check("pct_one", this::lookUp);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void aTtlBeyondAMinuteIsRefused() {
    assertThatThrownBy(() -> new TokenCacheProperties(Duration.ofMinutes(2), 100))
        .hasMessageContaining("pitcrew.security.token-cache.ttl");
  }

  private CheckedTokens.Checked lookUp(String secret) {
    lookups.incrementAndGet();
    ApiTokens.Token token = new ApiTokens.Token("tok_" + secret, secret, "service", "token:" + secret,
        List.of("viewer"), null, Instant.EPOCH, "admin", null, null, null, null);
    return new CheckedTokens.Checked(token, new Caller("token:" + secret, Channel.REST, Set.of("viewer"), Set.of()));
  }
}
