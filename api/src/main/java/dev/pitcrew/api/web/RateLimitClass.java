package dev.pitcrew.api.web;

import java.util.List;

/** Which per-address limit a path falls under; the first match wins. */
enum RateLimitClass {
  /** Probes must answer whatever else is going on. */
  EXEMPT(List.of("/actuator/health")),
  /** Where passwords, one-time codes and tokens are tried: slow. */
  LOGIN(List.of("/login", "/mfa", "/api/v1/tokens")),
  /** Machine senders that verify their own signatures and legitimately burst: generous, per address. */
  WEBHOOK(List.of("/api/v1/hooks", "/slack")),
  GENERAL(List.of("/"));

  private final List<String> prefixes;

  RateLimitClass(List<String> prefixes) {
    this.prefixes = prefixes;
  }

  static RateLimitClass of(String path) {
    for (RateLimitClass rateClass : values()) {
      if (rateClass == GENERAL || rateClass.prefixes.stream().anyMatch(p -> RequestPath.isUnder(path, p))) {
        return rateClass;
      }
    }
    return GENERAL;
  }
}
