package dev.pitcrew.workflows.drill;

/**
 * What a failed drill asks the incident family for: an incident under dedup key {@code drill:<name>}, so repeated
 * failures of one drill join the open incident instead of paging again.
 *
 * @param reportPath where the run's report is, e.g. {@code /api/v1/drills/game-db/runs/<runId>}
 */
public record DrillIncident(
    String drill, String workflowId, String service, String severity, String title, String details, String reportPath) {

  public String dedupKey() {
    return "drill:" + drill;
  }
}
