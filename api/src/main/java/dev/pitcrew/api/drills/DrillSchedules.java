package dev.pitcrew.api.drills;

import dev.pitcrew.activities.drill.DrillDefinitionStore;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.runs.RunDecisions;
import dev.pitcrew.api.runs.StartDescription;
import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.drill.DrillDefinition;
import dev.pitcrew.workflows.drill.DrillSchedule;
import dev.pitcrew.workflows.drill.DrillScheduleState;
import dev.pitcrew.workflows.drill.DrillScheduleView;
import dev.pitcrew.workflows.drill.DrillScheduleWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Keeps each drill's schedule workflow ({@code drill-schedule-<name>}) in step with its definition: a definition
 * with a schedule starts or reschedules it with one signal-with-start; one without, or a deleted drill, cancels it
 * (the schedule records its end; a drill run it started goes on). Pause, resume and trigger are the schedule's
 * Updates, answered by its validators.
 */
@Service
class DrillSchedules {
  private static final Logger log = LoggerFactory.getLogger(DrillSchedules.class);

  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final RunDecisions decisions;
  private final DrillDefinitionStore definitions;

  DrillSchedules(WorkflowClient client, TemporalCalls temporal, RunDecisions decisions,
      DrillDefinitionStore definitions) {
    this.client = client;
    this.temporal = temporal;
    this.decisions = decisions;
    this.definitions = definitions;
  }

  /**
   * Starts every stored schedule that is not running. The in-process engine of local mode keeps workflows in memory
   * only, so after a restart the schedules would otherwise be gone; on a cluster this only re-sends each running
   * schedule its (unchanged) cron.
   */
  @EventListener(ApplicationReadyEvent.class)
  void startStoredSchedules() {
    for (DrillDefinitionStore.StoredDrill stored : definitions.list()) {
      DrillDefinition definition = stored.definition();
      if (definition.schedule() == null) {
        continue;
      }
      try {
        apply(definition.name(), definition.schedule());
      } catch (RuntimeException e) {
        log.warn("The schedule of drill {} could not be started ({}); PUT the drill again once Temporal is up",
            definition.name(), e.getMessage());
      }
    }
  }

  void apply(String drill, DrillSchedule schedule) {
    if (schedule == null) {
      stop(drill);
      return;
    }
    String workflowId = DrillScheduleWorkflow.workflowId(drill);
    WorkflowOptions options = StartDescription.of("schedule of drill " + drill + ": " + schedule.cron() + " ("
            + schedule.timeZone() + ")")
        .with("Drill", drill)
        .with("Cron", schedule.cron())
        .with("Time zone", schedule.timeZone())
        .with("Jitter", schedule.jitterSeconds() + " s")
        .applyTo(WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setMemo(Map.of("type", DrillScheduleWorkflow.RUN_TYPE, "service", drill)))
        .build();
    temporal.run(null, () -> client
        .newUntypedWorkflowStub(DrillScheduleWorkflow.class.getSimpleName(), options)
        .signalWithStart(DrillScheduleWorkflow.RESCHEDULE_SIGNAL, new Object[] {schedule},
            new Object[] {DrillScheduleState.start(drill, schedule)}));
  }

  /** Cancels the schedule, if one runs; the schedule records that it stopped. */
  void stop(String drill) {
    String workflowId = DrillScheduleWorkflow.workflowId(drill);
    try {
      temporal.run(workflowId, () -> client.newUntypedWorkflowStub(workflowId).cancel());
    } catch (ApiException notRunning) {
      // 404: nothing was scheduled
    } catch (io.temporal.client.WorkflowNotFoundException alreadyEnded) {
      // a schedule that ended before (cancelled already)
    }
  }

  DrillScheduleView view(String drill) {
    String workflowId = DrillScheduleWorkflow.workflowId(drill);
    return temporal.call(workflowId,
        () -> client.newWorkflowStub(DrillScheduleWorkflow.class, workflowId).view());
  }

  /** {@code pause}, {@code resume} or {@code trigger}: 200 with the schedule, or 409/400 naming the reason. */
  DrillScheduleView change(String drill, String action, String by) {
    return decisions.decide(DrillScheduleWorkflow.workflowId(drill), action, "schedule " + action,
        DrillScheduleView.class, by);
  }
}
