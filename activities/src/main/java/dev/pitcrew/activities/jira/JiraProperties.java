package dev.pitcrew.activities.jira;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.jira.*}: JIRA Cloud REST v3 with basic auth (account e-mail and API token). Without them Pitcrew
 * does not call JIRA and records what it would have sent. The token and webhook secret are never logged.
 *
 * @param baseUrl e.g. {@code https://studio.atlassian.net}
 * @param email account the API token belongs to
 * @param apiToken API token
 * @param webhookSecret shared secret JIRA webhooks must present, or the HMAC key for {@code X-Hub-Signature};
 *     without it the webhook endpoint refuses every delivery (503)
 * @param webhookSignatureRequired refuse deliveries that are not HMAC-signed, so the plain secret never has to
 *     travel in a URL or header
 * @param projectKey project postmortems and follow-ups are filed in
 * @param linkType name of the issue link type joining follow-ups to the postmortem
 */
@Validated
@ConfigurationProperties("pitcrew.jira")
public record JiraProperties(
    String baseUrl,
    String email,
    String apiToken,
    String webhookSecret,
    @DefaultValue("false") boolean webhookSignatureRequired,
    @NotBlank @DefaultValue("OPS") String projectKey,
    @NotBlank @DefaultValue("Task") String postmortemIssueType,
    @NotBlank @DefaultValue("Task") String followUpIssueType,
    @NotBlank @DefaultValue("Relates") String linkType,
    @DefaultValue("30s") Duration timeout) {

  public boolean configured() {
    return isSet(baseUrl) && isSet(email) && isSet(apiToken);
  }

  public boolean webhooksEnabled() {
    return isSet(webhookSecret);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "JiraProperties[baseUrl=" + baseUrl + ", email=" + email + ", apiToken=" + (isSet(apiToken) ? "***" : "unset")
        + ", webhookSecret=" + (isSet(webhookSecret) ? "***" : "unset") + ", webhookSignatureRequired=" + webhookSignatureRequired + ", projectKey=" + projectKey + "]";
  }
}
