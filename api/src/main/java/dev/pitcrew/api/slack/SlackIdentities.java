package dev.pitcrew.api.slack;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersInfoResponse;
import dev.pitcrew.activities.slack.SlackProperties;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Maps a Slack user to a Pitcrew identity: a link an admin made ({@code PUT /api/v1/slack/links/{id}}) first, then
 * the explicit mapping ({@code pitcrew.chatops.identities}), then the email on their Slack profile ({@code users.info}, needs a bot token with {@code users:read.email}), else
 * {@code slack:<user ID>}. Profile lookups are cached for ten minutes.
 */
@Component
public class SlackIdentities {
  private static final Logger log = LoggerFactory.getLogger(SlackIdentities.class);
  private static final Duration CACHE_FOR = Duration.ofMinutes(10);

  private record Cached(String email, Instant until) {}

  private final Map<String, String> explicit;
  private final Slack slack;
  private final SlackProperties slackProperties;
  private final SlackLinks links;
  private final Map<String, Cached> emails = new ConcurrentHashMap<>();

  SlackIdentities(ChatOpsProperties chatOps, Slack slack, SlackProperties slackProperties, SlackLinks links) {
    this.links = links;
    // Environment variables arrive lower-cased; Slack IDs are upper case.
    this.explicit =
        chatOps.identities().entrySet().stream()
            .collect(Collectors.toMap(e -> e.getKey().toUpperCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
    this.slack = slack;
    this.slackProperties = slackProperties;
  }

  public SlackIdentity resolve(String slackUserId, String teamId) {
    java.util.Optional<String> linked = links.identityOf(slackUserId);
    if (linked.isPresent()) {
      return new SlackIdentity(slackUserId, teamId, linked.get());
    }
    String mapped = explicit.get(slackUserId.toUpperCase(Locale.ROOT));
    if (mapped != null) {
      return new SlackIdentity(slackUserId, teamId, mapped);
    }
    String email = slackProperties.hasBotToken() ? email(slackUserId) : null;
    return new SlackIdentity(slackUserId, teamId, email != null ? email : "slack:" + slackUserId);
  }

  private String email(String slackUserId) {
    Cached cached = emails.get(slackUserId);
    if (cached != null && cached.until().isAfter(Instant.now())) {
      return cached.email();
    }
    try {
      UsersInfoResponse info = slack.methods(slackProperties.botToken()).usersInfo(r -> r.user(slackUserId));
      if (!info.isOk()) {
        log.warn("Slack users.info for {} answered {}; using the Slack user ID as identity", slackUserId,
            info.getError());
        return null;
      }
      String email = info.getUser() == null || info.getUser().getProfile() == null
          ? null
          : info.getUser().getProfile().getEmail();
      emails.put(slackUserId, new Cached(email, Instant.now().plus(CACHE_FOR)));
      return email;
    } catch (IOException | SlackApiException e) {
      log.warn("Slack users.info for {} failed ({}); using the Slack user ID as identity", slackUserId,
          e.getMessage());
      return null;
    }
  }
}
