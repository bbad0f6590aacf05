package dev.pitcrew.workers.worker;

import dev.pitcrew.workflows.deploy.BlueGreenDeploymentWorkflowImpl;
import dev.pitcrew.workflows.drill.DrillLeftoversWorkflowImpl;
import dev.pitcrew.workflows.drill.DrillScheduleWorkflowImpl;
import dev.pitcrew.workflows.drill.DrillWorkflowImpl;
import dev.pitcrew.workflows.incident.IncidentWorkflowImpl;
import dev.pitcrew.workflows.remediation.RemediationWorkflowImpl;
import dev.pitcrew.workflows.selfcheck.SelfCheckWorkflowImpl;
import dev.pitcrew.workflows.sla.TicketSlaWorkflowImpl;
import java.util.List;

/** Every workflow implementation Pitcrew's workers run. A new family adds its implementation here. */
public final class WorkflowCatalog {
  public static final List<Class<?>> IMPLEMENTATIONS =
      List.of(
          SelfCheckWorkflowImpl.class,
          BlueGreenDeploymentWorkflowImpl.class,
          TicketSlaWorkflowImpl.class,
          IncidentWorkflowImpl.class,
          RemediationWorkflowImpl.class,
          DrillWorkflowImpl.class,
          DrillScheduleWorkflowImpl.class,
          DrillLeftoversWorkflowImpl.class);

  private WorkflowCatalog() {}
}
