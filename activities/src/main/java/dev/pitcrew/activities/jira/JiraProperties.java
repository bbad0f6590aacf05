package dev.pitcrew.activities.jira;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * JIRA Cloud. Without {@code baseUrl} Pitcrew does not call JIRA and records what it would have sent.
 *
 * @param baseUrl e.g. {@code https://studio.atlassian.net}
 * @param email account the API token belongs to (basic auth)
 * @param apiToken API token; never logged
 * @param webhookSecret shared secret JIRA webhooks must present (query or header {@code secret}), or the HMAC key
 *     for {@code X-Hub-Signature}; without it the webhook endpoint refuses every delivery
 */
@ConfigurationProperties("pitcrew.jira")
public record JiraProperties(URI baseUrl, String email, String apiToken, String webhookSecret) {

  public boolean configured() {
    return baseUrl != null;
  }

  @Override
  public String toString() {
    return "JiraProperties[baseUrl=" + baseUrl + ", email=" + email + ", apiToken=***, webhookSecret=***]";
  }
}
