package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.drill.DrillScheduleWorkflow;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.remediation.RemediationWorkflow;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The run types this server can start, by API name and by Temporal workflow type; and the families that are
 * started through their own doors (incidents by their intake, ticket SLAs by ticket events, drill schedules by their drill's definition) but are listed and
 * read as runs like any other.
 */
@Component
public class RunTypes {
  private static final Map<String, String> STARTED_ELSEWHERE = Map.of(
      IncidentWorkflow.class.getSimpleName(), IncidentWorkflow.RUN_TYPE,
      TicketSlaWorkflow.class.getSimpleName(), TicketSlaWorkflow.RUN_TYPE,
      RemediationWorkflow.class.getSimpleName(), RemediationWorkflow.RUN_TYPE,
      DrillScheduleWorkflow.class.getSimpleName(), DrillScheduleWorkflow.RUN_TYPE);

  private final Map<String, RunType<?>> byName;
  private final Map<String, RunType<?>> byWorkflowType;

  RunTypes(List<RunType<?>> types) {
    this.byName = types.stream().collect(Collectors.toMap(RunType::name, Function.identity(), (a, b) -> a, TreeMap::new));
    this.byWorkflowType = types.stream().collect(Collectors.toMap(RunType::workflowType, Function.identity()));
  }

  public RunType<?> named(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.badField("type", "is required; one of " + byName.keySet());
    }
    RunType<?> type = byName.get(name);
    if (type == null) {
      throw ApiException.badField("type", "unknown run type '" + name + "'; one of " + byName.keySet());
    }
    return type;
  }

  public Optional<RunType<?>> ofWorkflowType(String workflowType) {
    return Optional.ofNullable(byWorkflowType.get(workflowType));
  }

  public boolean exists(String name) {
    return byName.containsKey(name);
  }

  /** Whether runs of this name can be listed: the startable types and the families started elsewhere. */
  public boolean listable(String name) {
    return exists(name) || STARTED_ELSEWHERE.containsValue(name);
  }

  /** Every name the run list filters by. */
  public Set<String> listableNames() {
    Set<String> names = new TreeSet<>(byName.keySet());
    names.addAll(STARTED_ELSEWHERE.values());
    return names;
  }

  /** The API name of a Temporal workflow type, or the workflow type itself for one Pitcrew does not know. */
  public String nameOf(String workflowType) {
    return ofWorkflowType(workflowType).map(RunType::name)
        .orElseGet(() -> STARTED_ELSEWHERE.getOrDefault(workflowType, workflowType));
  }
}
