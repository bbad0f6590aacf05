package dev.pitcrew.activities.slack;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.slack.*}. The bot token is a secret: set {@code PITCREW_SLACK_BOT_TOKEN} or use a config tree.
 *
 * @param botToken {@code xoxb-...} with channels:manage, channels:read, chat:write, usergroups:read scopes
 * @param methodsUrl Web API base, ending in {@code /api/}
 * @param stakeholderChannel channel ID (or name) stakeholder updates are posted to
 */
@Validated
@ConfigurationProperties("pitcrew.slack")
public record SlackProperties(
    String botToken,
    @NotBlank @DefaultValue("https://slack.com/api/") String methodsUrl,
    @NotBlank @DefaultValue("incident-stakeholders") String stakeholderChannel) {

  public boolean configured() {
    return botToken != null && !botToken.isBlank();
  }

  @Override
  public String toString() {
    return "SlackProperties[botToken=" + (configured() ? "***" : "unset") + ", methodsUrl=" + methodsUrl
        + ", stakeholderChannel=" + stakeholderChannel + "]";
  }
}
