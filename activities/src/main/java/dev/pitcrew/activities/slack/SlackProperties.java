package dev.pitcrew.activities.slack;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Slack app ({@code PITCREW_SLACK_*}). Secrets never appear in logs, errors or {@link #toString()}.
 *
 * @param mode {@code HTTP} (Slack calls {@code /slack/*}; needs the signing secret), {@code SOCKET} (Pitcrew opens
 *     a WebSocket to Slack; needs the app-level token, for clusters without public ingress) or {@code OFF}
 * @param signingSecret the app's signing secret, to verify HTTP requests
 * @param botToken {@code xoxb-} bot token for the Web API; unset → every Web API call is kept in the outbox
 *     ({@code GET /api/v1/slack/outbox}) instead of being sent
 * @param appToken {@code xapp-} app-level token with {@code connections:write}, for Socket Mode
 * @param apiUrl base URL of Slack's Web API (tests point it elsewhere)
 * @param maxBodyBytes larger HTTP requests are refused before anything reads them as Slack payloads
 * @param signatureWindow how far a request's timestamp may be from now, in the past or the future
 * @param channelInterval least time between two messages Pitcrew sends to one channel (Slack allows about one a
 *     second)
 * @param stakeholderChannel channel ID (or name) incident stakeholder updates are posted to
 */
@Validated
@ConfigurationProperties("pitcrew.slack")
public record SlackProperties(
    @NotNull @DefaultValue("HTTP") Mode mode,
    String signingSecret,
    String botToken,
    String appToken,
    @NotNull @DefaultValue("https://slack.com/api/") String apiUrl,
    @Min(1024) @Max(10_485_760) @DefaultValue("262144") int maxBodyBytes,
    @NotNull @DefaultValue("5m") Duration signatureWindow,
    @NotNull @DefaultValue("1s") Duration channelInterval,
    @NotBlank @DefaultValue("incident-stakeholders") String stakeholderChannel) {

  public enum Mode {
    HTTP,
    SOCKET,
    OFF
  }

  public SlackProperties {
    if (apiUrl != null && !apiUrl.endsWith("/")) {
      apiUrl = apiUrl + "/";
    }
  }

  public boolean hasBotToken() {
    return present(botToken);
  }

  /** The mode actually in force: the configured one when its secret is set, else OFF. */
  public Mode effectiveMode() {
    return switch (mode) {
      case HTTP -> present(signingSecret) ? Mode.HTTP : Mode.OFF;
      case SOCKET -> present(appToken) ? Mode.SOCKET : Mode.OFF;
      case OFF -> Mode.OFF;
    };
  }

  /** Why Slack is off, for the 503 answer and the start-up log; never names a secret's value. */
  public String offReason() {
    return switch (mode) {
      case HTTP -> "PITCREW_SLACK_MODE is http but PITCREW_SLACK_SIGNINGSECRET is not set";
      case SOCKET -> "PITCREW_SLACK_MODE is socket but PITCREW_SLACK_APPTOKEN is not set";
      case OFF -> "PITCREW_SLACK_MODE is off";
    };
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "SlackProperties[mode=" + mode + ", signingSecret=" + mask(signingSecret) + ", botToken="
        + mask(botToken) + ", appToken=" + mask(appToken) + ", apiUrl=" + apiUrl + ", maxBodyBytes=" + maxBodyBytes
        + ", signatureWindow=" + signatureWindow + ", channelInterval=" + channelInterval + ", stakeholderChannel="
        + stakeholderChannel + "]";
  }

  private static String mask(String secret) {
    return present(secret) ? "****" : "unset";
  }
}
