package dev.pitcrew.activities.deploy;

import dev.pitcrew.activities.failure.StorageRefused;
import dev.pitcrew.workflows.deploy.Colour;
import dev.pitcrew.workflows.deploy.DeploymentRecord;
import dev.pitcrew.workflows.deploy.DeploymentRecordActivities;
import dev.pitcrew.workflows.deploy.DeploymentStatus;
import dev.pitcrew.workflows.text.StorableText;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps the {@code deployments} table in step with the deployment workflows. */
@Component
public class DeploymentRecordActivitiesImpl implements DeploymentRecordActivities {
  // A late retry of an older record (lower sequence) changes nothing.
  private static final String UPSERT = """
      insert into deployments (workflow_id, run_id, sequence, service, environment, requested_by, phase, awaiting,
                               image, previous_image, new_colour, previous_colour, traffic_on, forbid_self_approval,
                               outcome, recorded_at, updated_at)
      values (:workflowId, :runId, :sequence, :service, :environment, :requestedBy, :phase, :awaiting, :image,
              :previousImage, :newColour, :previousColour, :trafficOn, :forbidSelfApproval, :outcome, :recordedAt,
              now())
      on conflict (workflow_id, run_id) do update set
          sequence = excluded.sequence, service = excluded.service, environment = excluded.environment,
          requested_by = excluded.requested_by, phase = excluded.phase, awaiting = excluded.awaiting,
          image = excluded.image, previous_image = excluded.previous_image, new_colour = excluded.new_colour,
          previous_colour = excluded.previous_colour, traffic_on = excluded.traffic_on,
          forbid_self_approval = excluded.forbid_self_approval, outcome = excluded.outcome,
          recorded_at = excluded.recorded_at, updated_at = now()
        where deployments.sequence < excluded.sequence
      """;

  private final JdbcClient jdbc;

  public DeploymentRecordActivitiesImpl(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void record(DeploymentRecord deployment) {
    DeploymentStatus status = deployment.status();
    StorageRefused.translating("deployment " + deployment.workflowId(), () -> {
      jdbc.sql(UPSERT)
        .param("workflowId", deployment.workflowId())
        .param("runId", deployment.runId())
        .param("sequence", deployment.sequence())
        .param("service", status.service())
        .param("environment", status.environment())
        .param("requestedBy", StorableText.of(status.requestedBy()))
        .param("phase", status.phase())
        .param("awaiting", StorableText.of(status.awaiting()))
        .param("image", StorableText.of(status.image()))
        .param("previousImage", StorableText.of(status.previousImage()))
        .param("newColour", name(status.newColour()))
        .param("previousColour", name(status.previousColour()))
        .param("trafficOn", name(status.trafficOn()))
        .param("forbidSelfApproval", status.strategy() != null && status.strategy().forbidSelfApproval())
        .param("outcome", StorableText.of(status.outcome()))
        .param("recordedAt", new Timestamp(deployment.recordedAtMillis()))
        .update();
    });
  }

  private static String name(Colour colour) {
    return colour == null ? null : colour.name();
  }
}
