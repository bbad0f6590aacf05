package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a drill reports and what a failure opens.
 *
 * @param slackChannel channel ID the run's summary is kept current in (through the Slack outbox without a bot
 *     token); null: only runs asked for in Slack post there
 * @param openIncidents a failed drill, a missed target or a stale backup opens (or joins) an incident (default true)
 * @param incidentService the service the incident is filed under (its escalation policy pages); default {@code database}
 * @param incidentSeverity SEV1..SEV4 (default SEV3)
 */
public record DrillReporting(
    String slackChannel, Boolean openIncidents, String incidentService, String incidentSeverity) {
  public static final DrillReporting NONE = new DrillReporting(null, true, "database", "SEV3");
  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_#-]{1,80}");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern SEVERITY = Pattern.compile("SEV[1-4]");

  public DrillReporting {
    openIncidents = openIncidents == null || openIncidents;
    incidentService = incidentService == null ? "database" : incidentService;
    incidentSeverity = incidentSeverity == null ? "SEV3" : incidentSeverity;
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (slackChannel != null && !CHANNEL.matcher(slackChannel).matches()) {
      problems.add("slackChannel: a Slack channel ID, e.g. C0123ABCD");
    }
    if (!SERVICE.matcher(incidentService).matches()) {
      problems.add("incidentService: a service name of lower-case letters, digits, '.', '_' or '-'");
    }
    if (!SEVERITY.matcher(incidentSeverity).matches()) {
      problems.add("incidentSeverity: one of SEV1, SEV2, SEV3, SEV4");
    }
    return problems;
  }
}
