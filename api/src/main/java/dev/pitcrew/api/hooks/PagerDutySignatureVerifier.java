package dev.pitcrew.api.hooks;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.HmacSha256;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks {@code X-PagerDuty-Signature}: comma-separated {@code v1=<hex HMAC-SHA256 of the raw body>} values, one
 * per secret PagerDuty currently signs with (several during a rotation). A delivery is authentic when any of them
 * matches the HMAC under any configured secret; every comparison takes constant time. Signature versions other
 * than v1 are skipped, as PagerDuty's verification guide says.
 */
@Component
class PagerDutySignatureVerifier {
  private static final String VERSION = "v1=";
  private static final Pattern V1 = Pattern.compile("v1=[0-9a-fA-F]{64}");
  private static final Pattern OTHER_VERSION = Pattern.compile("v(?!1=)[0-9]+=\\S+");

  private final PagerDutyHookProperties properties;

  PagerDutySignatureVerifier(PagerDutyHookProperties properties) {
    this.properties = properties;
  }

  void verify(String header, byte[] body) {
    if (!properties.configured()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "PagerDuty webhooks are not configured",
          "Pitcrew refuses PagerDuty deliveries until PITCREW_HOOKS_PAGERDUTY_SECRETS holds the subscription's "
              + "signing secret; nothing was done. See docs/incidents.md.", List.of(), Map.of());
    }
    if (header == null || header.isBlank()) {
      throw rejected("the X-PagerDuty-Signature header is missing");
    }
    List<byte[]> presented = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      String signature = part.trim();
      if (V1.matcher(signature).matches()) {
        presented.add(HexFormat.of().parseHex(signature.substring(VERSION.length())));
      } else if (!OTHER_VERSION.matcher(signature).matches()) {
        throw rejected("X-PagerDuty-Signature must be comma-separated v1=<64 hex digits> values");
      }
    }
    if (presented.isEmpty()) {
      throw rejected("X-PagerDuty-Signature carries no v1 signature");
    }
    for (String secret : properties.secrets()) {
      byte[] expected = HmacSha256.of(secret, body);
      for (byte[] signature : presented) {
        if (ConstantTimeSecrets.matches(signature, expected)) {
          return;
        }
      }
    }
    throw rejected("no signature in X-PagerDuty-Signature matches the body under any secret of "
        + "PITCREW_HOOKS_PAGERDUTY_SECRETS (the subscription's signing secret must be one of them)");
  }

  private static ApiException rejected(String why) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "PagerDuty webhook rejected",
        "Not a delivery from Pitcrew's PagerDuty webhook subscription: " + why + ". Nothing was done.",
        List.of(), Map.of());
  }
}
