package dev.pitcrew.api.security.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.pitcrew.api.security.Caller;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * API tokens this replica checked in the last few seconds ({@link TokenCacheProperties#ttl()}), so a busy caller
 * costs PostgreSQL one lookup per period instead of one per request. Keyed by the token's SHA-256, as the table is:
 * the secret itself is never kept. Only tokens that passed are remembered; an unknown, revoked or expired token is
 * looked up every time it is presented.
 */
@Component
public class CheckedTokens {
  /** A token that passed, with the caller it stands for. */
  public record Checked(ApiTokens.Token token, Caller caller) {}

  private final Cache<String, Checked> byHash;

  @Autowired
  CheckedTokens(TokenCacheProperties properties) {
    this(properties, Ticker.systemTicker());
  }

  CheckedTokens(TokenCacheProperties properties, Ticker ticker) {
    this.byHash = properties.ttl().isZero()
        ? null
        : Caffeine.newBuilder().ticker(ticker).expireAfterWrite(properties.ttl())
            .maximumSize(properties.maxTokens()).build();
  }

  /**
   * The remembered outcome for this secret, else {@code check}'s (remembered when it returns; whatever it throws,
   * e.g. an unknown token or an unreachable database, is not).
   */
  public Checked check(String secret, Function<String, Checked> check) {
    if (byHash == null) {
      return check.apply(secret);
    }
    return byHash.get(ApiTokens.hash(secret), hash -> check.apply(secret));
  }

  /** Forgets one token (just revoked on this replica). */
  void forget(String tokenId) {
    if (byHash != null) {
      byHash.asMap().values().removeIf(checked -> checked.token().id().equals(tokenId));
    }
  }

  /** Forgets every token: roles or memberships changed, and a personal token's roles follow its owner's. */
  public void forgetAll() {
    if (byHash != null) {
      byHash.invalidateAll();
    }
  }
}
