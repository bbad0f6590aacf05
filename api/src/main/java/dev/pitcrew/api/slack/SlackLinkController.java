package dev.pitcrew.api.slack;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.Access;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Admins link a Slack user to a Pitcrew identity: {@code PUT /api/v1/slack/links/U0123ABCD {"identity": …}}. */
@RestController
class SlackLinkController {
  private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,30}", Pattern.CASE_INSENSITIVE);
  private static final Pattern IDENTITY = Pattern.compile("[^\\s\\u0000]{1,200}");

  private final SlackLinks links;
  private final Access access;

  SlackLinkController(SlackLinks links, Access access) {
    this.links = links;
    this.access = access;
  }

  @GetMapping("/api/v1/slack/links")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> list() {
    return Map.of("items", links.list());
  }

  @PutMapping("/api/v1/slack/links/{slackUserId}")
  @PreAuthorize("@access.can('users.admin')")
  Map<String, Object> link(@PathVariable String slackUserId, @RequestBody JsonNode body) {
    if (!SLACK_USER.matcher(slackUserId).matches()) {
      throw ApiException.badField("slackUserId", "must be a Slack user ID such as U0123ABCD");
    }
    JsonNode identity = body == null ? null : body.get("identity");
    if (identity == null || !identity.isString() || !IDENTITY.matcher(identity.asString()).matches()) {
      throw ApiException.badField("identity", "is required: the person's Pitcrew identity (email or username)");
    }
    links.link(slackUserId, identity.asString(), access.identity());
    return Map.of("slackUserId", slackUserId.toUpperCase(java.util.Locale.ROOT), "identity", identity.asString());
  }

  @DeleteMapping("/api/v1/slack/links/{slackUserId}")
  @PreAuthorize("@access.can('users.admin')")
  ResponseEntity<Void> unlink(@PathVariable String slackUserId) {
    if (!links.unlink(slackUserId)) {
      throw ApiException.notFound("Slack user '" + slackUserId + "' is not linked");
    }
    return ResponseEntity.noContent().build();
  }
}
