package dev.pitcrew.activities.jira;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * JIRA Cloud. Without {@code baseUrl} Pitcrew does not call JIRA and records what it would have sent.
 *
 * @param baseUrl e.g. {@code https://studio.atlassian.net}
 * @param email account the API token belongs to (basic auth)
 * @param apiToken API token; never logged
 * @param webhookSecret shared secret JIRA webhooks must present (header {@code X-Pitcrew-Webhook-Secret} or query
 *     {@code secret}), and the HMAC key for {@code X-Hub-Signature}; without it the webhook endpoint refuses every
 *     delivery (503)
 * @param webhookSignatureRequired refuse deliveries that are not HMAC-signed (JIRA Cloud webhooks with a secret),
 *     so the plain secret never has to travel in a URL or header
 */
@ConfigurationProperties("pitcrew.jira")
public record JiraProperties(
    URI baseUrl,
    String email,
    String apiToken,
    String webhookSecret,
    @DefaultValue("false") boolean webhookSignatureRequired) {

  public boolean configured() {
    return baseUrl != null;
  }

  public boolean webhooksEnabled() {
    return webhookSecret != null && !webhookSecret.isBlank();
  }

  @Override
  public String toString() {
    return "JiraProperties[baseUrl=" + baseUrl + ", email=" + email + ", apiToken=***, webhookSecret=***, "
        + "webhookSignatureRequired=" + webhookSignatureRequired + "]";
  }
}
