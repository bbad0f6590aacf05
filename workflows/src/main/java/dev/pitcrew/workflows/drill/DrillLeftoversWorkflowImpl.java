package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import dev.pitcrew.workflows.run.SideEffects;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The clean-up a lost drill run never got to: find the drill's target, then drop the scratch copy the lost run made
 * there (by the name that run gave it), the way the run itself would have at its end.
 */
public class DrillLeftoversWorkflowImpl implements DrillLeftoversWorkflow {
  static final String LOADING = "LoadingDefinition";
  static final String CLEANING_UP = "CleaningUp";

  private final DrillActivities quick =
      Workflow.newActivityStub(DrillActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).setDoNotRetry("DrillNotFound").build())
          .build());

  /** As the drill's own clean-up: retried for up to an hour (the target may be down when the loss is noticed). */
  private final DrillActivities cleanUp = Workflow.newActivityStub(DrillActivities.class, DrillWorkflowImpl.CLEAN_UP);
  private final VeleroDrillActivities veleroCleanUp = Workflow.newActivityStub(
      VeleroDrillActivities.class, DrillWorkflowImpl.CLEAN_UP);

  @Override
  public String cleanUp(DrillLeftovers leftovers) {
    SideEffects effects = SideEffects.decide();
    RunTracker tracker = RunTracker.start(RUN_TYPE, new RunLabels(leftovers.drill(), null, null), LOADING, effects);
    Workflow.setCurrentDetails("Drill " + leftovers.drill() + ": cleaning up after lost run " + leftovers.runId());
    return tracker.runToCompletion(() -> {
      DrillDefinition definition = definitionOf(leftovers);
      if (definition == null) {
        return "The drill " + leftovers.drill() + " is no longer defined, so its target is unknown: drop "
            + leftovers.scratchDatabase() + " by hand if the lost run made it (docs/drills.md)";
      }
      tracker.enter(CLEANING_UP);
      return dropScratchCopy(definition, leftovers.scratchDatabase());
    }, outcome -> outcome);
  }

  private DrillDefinition definitionOf(DrillLeftovers leftovers) {
    try {
      return quick.definition(leftovers.drill());
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof ApplicationFailure cause && "DrillNotFound".equals(cause.getType())) {
        return null;
      }
      throw failure;
    }
  }

  private String dropScratchCopy(DrillDefinition definition, String scratchDatabase) {
    if (definition.target().throughPgBackRest()) {
      // The scratch server and data directory live on the worker host that restored, which the lost run knew and
      // nobody else does: only a person can find that host (docs/drills.md, pgBackRest runbook).
      return "A pgBackRest drill's scratch copy is on the host that restored it: stop its scratch server and delete "
          + "the directory named " + scratchDatabase + " there (docs/drills.md)";
    }
    if (definition.target().throughVelero()) {
      String namespace = VeleroTarget.scratchNamespaceFor(scratchDatabase);
      return veleroCleanUp.cleanUp(definition, namespace)
          ? "Deleted the lost run's scratch namespace " + namespace
          : "Nothing left behind on the drill's current cluster: no namespace " + namespace;
    }
    return cleanUp.cleanUpLeftovers(definition, scratchDatabase)
        ? "Dropped the lost run's scratch database " + scratchDatabase + " and its files"
        : "Nothing left behind on the drill's current target: no database " + scratchDatabase;
  }
}
