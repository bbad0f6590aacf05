package dev.pitcrew.api.slack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds and sends requests the way Slack does: form-encoded bodies signed with the app's signing secret. */
final class SlackRequests {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String secret;

  SlackRequests(int port, String secret) {
    this.base = "http://127.0.0.1:" + port;
    this.secret = secret;
  }

  static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "v0=" + HexFormat.of().formatHex(
          mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The body Slack posts for {@code /pitcrew <text>}. */
  static String command(String userId, String channel, String text, String responseUrl) {
    return command(userId, channel, "ops", text, responseUrl);
  }

  /** The body Slack posts for {@code /pitcrew <text>} typed in the channel {@code channel} named {@code channelName}. */
  static String command(String userId, String channel, String channelName, String text, String responseUrl) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", "legacy-verification-token");
    fields.put("team_id", "T0PITCREW");
    fields.put("team_domain", "studio");
    fields.put("channel_id", channel);
    fields.put("channel_name", channelName);
    fields.put("user_id", userId);
    fields.put("user_name", userId.toLowerCase());
    fields.put("command", "/pitcrew");
    fields.put("text", text);
    fields.put("api_app_id", "A0PITCREW");
    fields.put("response_url", responseUrl);
    fields.put("trigger_id", "1337.42.abcdef");
    return form(fields);
  }

  /** The body Slack posts when someone clicks a button: {@code payload=<block_actions JSON>}. */
  static String click(String userId, String channel, String messageTs, String actionId, String value,
      String responseUrl) {
    return click(userId, channel, messageTs, "run-actions", actionId, value, responseUrl);
  }

  /**
   * The body Slack posts when someone clicks a button in the actions block {@code blockId} (Slack's shape for the
   * incident summary's buttons).
   */
  static String click(String userId, String channel, String messageTs, String blockId, String actionId,
      String value, String responseUrl) {
    String action = """
        {"action_id":"%s","block_id":"%s","text":{"type":"plain_text","text":"Button"},
         "value":"%s","type":"button","action_ts":"1700000001.000200"}""".formatted(actionId, blockId, value);
    return blockActions(userId, channel, messageTs, action, responseUrl);
  }

  /** The body Slack posts when someone chooses {@code option} in a {@code static_select} menu. */
  static String choose(String userId, String channel, String messageTs, String blockId, String actionId,
      String option, String responseUrl) {
    String action = """
        {"action_id":"%s","block_id":"%s","type":"static_select",
         "selected_option":{"text":{"type":"plain_text","text":"%s"},"value":"%s"},
         "placeholder":{"type":"plain_text","text":"Severity"},"action_ts":"1700000001.000300"}"""
        .formatted(actionId, blockId, option, option);
    return blockActions(userId, channel, messageTs, action, responseUrl);
  }

  private static String blockActions(String userId, String channel, String messageTs, String action,
      String responseUrl) {
    String payload = """
        {"type":"block_actions","team":{"id":"T0PITCREW","domain":"studio"},
         "user":{"id":"%s","username":"%s","team_id":"T0PITCREW"},
         "api_app_id":"A0PITCREW","token":"legacy-verification-token",
         "container":{"type":"message","message_ts":"%s","channel_id":"%s","is_ephemeral":false},
         "trigger_id":"1337.42.abcdef","channel":{"id":"%s","name":"ops"},
         "message":{"type":"message","ts":"%s","text":"Pitcrew"},
         "response_url":"%s",
         "actions":[%s]}
        """.formatted(userId, userId.toLowerCase(), messageTs, channel, channel, messageTs, responseUrl, action);
    return form(Map.of("payload", payload));
  }

  HttpResponse<String> postSigned(String path, String body) {
    long ts = Instant.now().getEpochSecond();
    return post(path, body, Long.toString(ts), sign(secret, ts, body));
  }

  HttpResponse<String> post(String path, String body, String timestamp, String signature) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      request.header("X-Slack-Signature", signature);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
