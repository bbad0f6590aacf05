package dev.pitcrew.api.hooks;

import dev.pitcrew.api.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Decides whether a delivery comes from Pitcrew's Alertmanager: {@code Authorization: Bearer <token>} (Alertmanager's
 * {@code http_config.authorization}) or HTTP basic ({@code http_config.basic_auth}), whichever are configured.
 * Comparisons take the same time however much matches; answers never echo what was presented.
 */
@Component
class AlertmanagerAuthenticator {
  static final String REALM = "pitcrew-alertmanager";

  private final AlertmanagerHookProperties properties;

  AlertmanagerAuthenticator(AlertmanagerHookProperties properties) {
    this.properties = properties;
  }

  /** A refused delivery: 401 with the challenges Alertmanager can answer. */
  static final class Unauthorized extends ApiException {
    private final List<String> challenges;

    Unauthorized(String why, List<String> challenges) {
      super(HttpStatus.UNAUTHORIZED, "Alertmanager webhook rejected",
          "Not a delivery from Pitcrew's Alertmanager: " + why + ". Nothing was done.", List.of(), Map.of());
      this.challenges = List.copyOf(challenges);
    }

    List<String> challenges() {
      return challenges;
    }
  }

  void authenticate(String authorization) {
    if (!properties.bearerConfigured() && !properties.basicConfigured()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Alertmanager webhook is not configured",
          "Pitcrew refuses Alertmanager deliveries until PITCREW_HOOKS_ALERTMANAGER_BEARERTOKEN (or "
              + "PITCREW_HOOKS_ALERTMANAGER_USERNAME and PITCREW_HOOKS_ALERTMANAGER_PASSWORD) is set; nothing was "
              + "done. See docs/incidents.md.", List.of(), Map.of());
    }
    if (authorization == null || authorization.isBlank()) {
      throw rejected("the Authorization header is missing");
    }
    int space = authorization.indexOf(' ');
    String scheme = space < 0 ? authorization : authorization.substring(0, space);
    String credentials = space < 0 ? "" : authorization.substring(space + 1).trim();
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "bearer" -> {
        if (!properties.bearerConfigured()) {
          throw rejected("bearer tokens are not configured; use HTTP basic auth");
        }
        if (!ConstantTimeSecrets.matches(credentials, properties.bearerToken())) {
          throw rejected("the bearer token does not match PITCREW_HOOKS_ALERTMANAGER_BEARERTOKEN");
        }
      }
      case "basic" -> {
        if (!properties.basicConfigured()) {
          throw rejected("HTTP basic auth is not configured; use the bearer token");
        }
        checkBasic(credentials);
      }
      default -> throw rejected("the Authorization scheme must be Bearer or Basic");
    }
  }

  private void checkBasic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw rejected("the Basic credentials are not base64");
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    // Both compared every time, so a right user name with a wrong password takes as long as anything else.
    boolean userMatches = ConstantTimeSecrets.matches(user, properties.username());
    boolean passwordMatches = ConstantTimeSecrets.matches(password, properties.password());
    if (!(userMatches & passwordMatches)) {
      throw rejected("the user name or password does not match PITCREW_HOOKS_ALERTMANAGER_USERNAME/PASSWORD");
    }
  }

  private Unauthorized rejected(String why) {
    List<String> challenges = new ArrayList<>();
    if (properties.bearerConfigured()) {
      challenges.add("Bearer realm=\"" + REALM + "\"");
    }
    if (properties.basicConfigured()) {
      challenges.add("Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
    }
    return new Unauthorized(why, challenges);
  }
}
