package dev.pitcrew.workflows.incident;

/**
 * One PagerDuty trigger.
 *
 * @param pagerDutyService configured PagerDuty integration name (see {@link EscalationTarget})
 * @param service the game service the incident is about
 */
public record Page(
    String dedupKey,
    String pagerDutyService,
    String summary,
    Severity severity,
    String service,
    EscalationStep step) {

  /**
   * The first level's page of an incident as it opens, the same whether the intake sends it at the door or the
   * workflow does: PagerDuty merges the two by the dedup key (the incident's ID), so they must say the same.
   */
  public static Page opening(String incidentId, IncidentInput opening, String pagerDutyService) {
    return new Page(incidentId, pagerDutyService, summaryOf(opening.severity(), opening.title()), opening.severity(),
        opening.service(), EscalationStep.FIRST);
  }

  /** "[SEV2] Checkout failing". */
  static String summaryOf(Severity severity, String title) {
    return "[" + severity + "] " + title;
  }
}
