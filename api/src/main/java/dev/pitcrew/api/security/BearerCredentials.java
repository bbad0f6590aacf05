package dev.pitcrew.api.security;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.security.tokens.CheckedTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code Authorization: Bearer} credential of a request: a Pitcrew API token ({@code pct_…}), the
 * Prometheus scrape token, or, when an issuer is configured, a JWT the studio's IdP signed. Whatever it is, the
 * result is a {@link PitcrewAuthentication} with the roles in force for this request.
 */
@Component
class BearerCredentials implements AuthenticationManager {
  /** The scrape token's principal; it may read metrics and nothing else. */
  static final String PROMETHEUS = "scraper:prometheus";

  private final ApiTokens tokens;
  private final CheckedTokens checked;
  private final RoleCatalog roles;
  private final SecurityProperties properties;
  private final IdpJwtAuthentication jwt;
  private final Clock clock = Clock.systemUTC();

  BearerCredentials(
      ApiTokens tokens, CheckedTokens checked, RoleCatalog roles, SecurityProperties properties,
      IdpJwtAuthentication jwt) {
    this.tokens = tokens;
    this.checked = checked;
    this.roles = roles;
    this.properties = properties;
    this.jwt = jwt;
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (token.startsWith(ApiTokens.PREFIX)) {
      try {
        return apiToken(token);
      } catch (DataAccessException unavailable) {
        throw new CredentialStoreUnavailable(unavailable);
      }
    }
    if (properties.prometheusToken() != null && sameSecret(token, properties.prometheusToken())) {
      return new PitcrewAuthentication(
          new Caller(PROMETHEUS, Channel.REST, Set.of(ScrapeRole.NAME), Set.of()));
    }
    if (jwt.enabled()) {
      return jwt.authenticate(token);
    }
    throw new BadCredentialsException("The bearer token is not a Pitcrew API token");
  }

  private Authentication apiToken(String secret) {
    CheckedTokens.Checked remembered = checked.check(secret, this::check);
    // Remembered for a few seconds only, but an expiry inside them still counts.
    if (!remembered.token().activeAt(clock.instant())) {
      throw new BadCredentialsException("This API token expired at " + remembered.token().expiresAt());
    }
    return new PitcrewAuthentication(remembered.caller());
  }

  private CheckedTokens.Checked check(String secret) {
    ApiTokens.Token token = tokens.find(secret)
        .orElseThrow(() -> new BadCredentialsException("Unknown API token"));
    if (token.revokedAt() != null) {
      throw new BadCredentialsException("This API token was revoked at " + token.revokedAt());
    }
    if (!token.activeAt(clock.instant())) {
      throw new BadCredentialsException("This API token expired at " + token.expiresAt());
    }
    tokens.touch(token, clock.instant());
    Set<String> granted = new LinkedHashSet<>(token.roles());
    String identity = token.owner();
    if ("personal".equals(token.kind())) {
      // A personal token never outgrows its owner: a role taken from the person is taken from their tokens too.
      Set<String> owner = roles.rolesOf(token.owner());
      Map<String, RoleCatalog.Role> all = roles.roles();
      granted.removeIf(role -> !roles.covers(owner, role, all));
    }
    Set<String> limit = token.environments() == null ? Set.of() : new HashSet<>(token.environments());
    return new CheckedTokens.Checked(token, new Caller(identity, Channel.REST, granted, limit));
  }

  private static boolean sameSecret(String presented, String expected) {
    return MessageDigest.isEqual(
        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  /** The scrape token's role (configured like any other: it allows {@code metrics.read}). */
  static final class ScrapeRole {
    static final String NAME = "metrics-scraper";

    private ScrapeRole() {}
  }
}
