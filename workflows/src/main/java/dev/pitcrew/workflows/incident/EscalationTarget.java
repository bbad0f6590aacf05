package dev.pitcrew.workflows.incident;

/**
 * Who a level pages. Neither field is a secret: {@code pagerDutyService} is a name that Pitcrew's configuration
 * maps to an Events API v2 routing key, so routing keys never enter workflow histories or the database.
 *
 * @param pagerDutyService name of a configured PagerDuty integration, or null to page nobody in PagerDuty
 * @param slackUserGroup Slack user group ID (e.g. {@code S0123ABC}) to invite and mention, or null
 */
public record EscalationTarget(String pagerDutyService, String slackUserGroup) {
  public EscalationTarget {
    if (isBlank(pagerDutyService) && isBlank(slackUserGroup)) {
      throw new IllegalArgumentException("An escalation target needs a PagerDuty service or a Slack user group");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
