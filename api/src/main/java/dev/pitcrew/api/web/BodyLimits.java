package dev.pitcrew.api.web;

import dev.pitcrew.activities.slack.SlackProperties;
import dev.pitcrew.api.hooks.AlertmanagerHookProperties;
import dev.pitcrew.api.hooks.PagerDutyHookProperties;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The body limit of each path: {@code pitcrew.web.max-body-bytes} everywhere, except that an endpoint with a limit
 * of its own is capped by the larger of the two. That endpoint still enforces its own setting when it reads the
 * body, so its own setting is what counts there, larger or smaller than the global one; this filter is only the
 * backstop that keeps everything else (the JIRA webhook included) bounded.
 */
@Component
class BodyLimits {
  private final BodyLimit global;
  private final Map<String, BodyLimit> own;

  BodyLimits(
      WebProtectionProperties web, AlertmanagerHookProperties alertmanager, PagerDutyHookProperties pagerDuty,
      SlackProperties slack) {
    this.global = new BodyLimit(web.maxBodyBytes(), "PITCREW_WEB_MAXBODYBYTES");
    this.own = Map.of(
        "/api/v1/hooks/alertmanager",
        new BodyLimit(alertmanager.maxBodyBytes(), "PITCREW_HOOKS_ALERTMANAGER_MAXBODYBYTES"),
        "/api/v1/hooks/pagerduty",
        new BodyLimit(pagerDuty.maxBodyBytes(), "PITCREW_HOOKS_PAGERDUTY_MAXBODYBYTES"),
        "/slack", new BodyLimit(DataSize.ofBytes(slack.maxBodyBytes()), "PITCREW_SLACK_MAXBODYBYTES"));
  }

  BodyLimit forPath(String path) {
    return own.entrySet().stream()
        .filter(e -> RequestPath.isUnder(path, e.getKey()))
        .map(e -> e.getValue().larger(global))
        .findFirst()
        .orElse(global);
  }
}
