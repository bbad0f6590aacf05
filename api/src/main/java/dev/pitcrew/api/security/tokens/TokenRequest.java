package dev.pitcrew.api.security.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /api/v1/tokens}.
 *
 * @param name what the token is for, e.g. {@code ci-release}
 * @param kind {@code personal} (acts as you, never with more than your roles) or {@code service} (acts as
 *     {@code token:<name>}; admins only)
 * @param roles roles the token carries; personal tokens default to all of yours
 * @param environments environments it is limited to; none → whatever its roles allow
 * @param expiresIn lifetime as an ISO-8601 duration ({@code P90D}); default 90 days, at most 1 year
 */
record TokenRequest(
    @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' or '-'")
        String name,
    @Pattern(regexp = "personal|service", message = "must be personal or service") String kind,
    @Size(max = 20) List<@NotBlank @Size(max = 100) String> roles,
    @Size(max = 20) List<@NotBlank @Size(max = 100) String> environments,
    Duration expiresIn) {

  static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
  static final Duration MAX_LIFETIME = Duration.ofDays(366);

  String kindOrDefault() {
    return kind == null ? "personal" : kind;
  }

  Duration lifetime() {
    return expiresIn == null ? DEFAULT_LIFETIME : expiresIn;
  }
}
