package dev.pitcrew.api.hooks;

import dev.pitcrew.activities.jira.JiraProperties;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.HmacSha256;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Decides whether a webhook delivery comes from Pitcrew's JIRA site: either an {@code X-Hub-Signature:
 * sha256=<hex>} HMAC of the raw body under the webhook secret (JIRA Cloud webhooks created with a secret), or the
 * secret itself in {@code X-Pitcrew-Webhook-Secret} or the {@code secret} query parameter. Comparisons take the
 * same time however much of the value matches; answers never echo what was presented.
 */
@Component
class JiraWebhookAuthenticator {
  private static final Pattern SIGNATURE = Pattern.compile("sha256=[0-9a-fA-F]{64}");

  private final JiraProperties properties;

  JiraWebhookAuthenticator(JiraProperties properties) {
    this.properties = properties;
  }

  void authenticate(String presentedSecret, String signature, byte[] body) {
    if (!properties.webhooksEnabled()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "JIRA webhooks are not configured",
          "Pitcrew refuses JIRA webhooks until PITCREW_JIRA_WEBHOOKSECRET is set; nothing was done. "
              + "See docs/support-sla.md.", List.of(), Map.of());
    }
    if (signature != null) {
      checkSignature(signature, body);
      return;
    }
    if (properties.webhookSignatureRequired()) {
      throw rejected("the X-Hub-Signature header is required (PITCREW_JIRA_WEBHOOKSIGNATUREREQUIRED is on)");
    }
    if (presentedSecret == null) {
      throw rejected("present the webhook secret in X-Pitcrew-Webhook-Secret or the 'secret' query parameter, "
          + "or sign the body (X-Hub-Signature)");
    }
    if (!ConstantTimeSecrets.matches(presentedSecret, properties.webhookSecret())) {
      throw rejected("the webhook secret does not match PITCREW_JIRA_WEBHOOKSECRET");
    }
  }

  private void checkSignature(String signature, byte[] body) {
    if (!SIGNATURE.matcher(signature).matches()) {
      throw rejected("X-Hub-Signature must be sha256= followed by 64 hex digits");
    }
    byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
    if (!ConstantTimeSecrets.matches(HmacSha256.of(properties.webhookSecret(), body), given)) {
      throw rejected("X-Hub-Signature does not match the body under PITCREW_JIRA_WEBHOOKSECRET "
          + "(the secret in JIRA's webhook settings must be the same)");
    }
  }

  private static ApiException rejected(String why) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "JIRA webhook rejected",
        "Not a delivery from Pitcrew's JIRA webhook: " + why + ". Nothing was done.", List.of(), Map.of());
  }
}
