package dev.pitcrew.api.support;

import dev.pitcrew.api.security.tokens.ApiTokens;
import java.util.List;

/**
 * Named people for tests that need more than the admin: each gets a service token whose principal is exactly that
 * identity, so what a workflow records ("acknowledged by alice") comes from authentication, as in production.
 */
public final class Callers {
  private Callers() {}

  /** A client acting as {@code identity} with {@code roles} (default: admin). */
  public static HttpApi as(HttpApi api, ApiTokens tokens, String identity, String... roles) {
    List<String> granted = roles.length == 0 ? List.of("admin") : List.of(roles);
    String secret = tokens.issue("test-" + identity.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + System.nanoTime(),
        "service", identity, granted, null, null, "test").secret();
    return api.as(secret);
  }
}
