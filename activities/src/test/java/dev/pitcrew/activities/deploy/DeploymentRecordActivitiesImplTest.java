package dev.pitcrew.activities.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.deploy.Colour;
import dev.pitcrew.workflows.deploy.DeploymentRecord;
import dev.pitcrew.workflows.deploy.DeploymentStatus;
import dev.pitcrew.workflows.deploy.EffectiveStrategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeploymentRecordActivitiesImplTest {
  private static final String ID = "deploy-records-game@production";
  private static final EffectiveStrategy PRODUCTION =
      new EffectiveStrategy(false, 0, 1, 30, 30, 600, 900, null, null, 3600, true, null);

  private final DeploymentRecordActivitiesImpl activities = new DeploymentRecordActivitiesImpl(TestDatabase.jdbc());

  @BeforeEach
  void empty() {
    TestDatabase.jdbc().sql("delete from deployments where workflow_id = :id").param("id", ID).update();
  }

  private static DeploymentRecord record(String runId, int sequence, String phase, String awaiting, Colour traffic) {
    DeploymentStatus status = new DeploymentStatus("records-game", "production", "ana", phase, awaiting,
        "registry.example/game:v2", "registry.example/game:v1", Colour.GREEN, Colour.BLUE, traffic, PRODUCTION,
        List.of(), null, null, List.of(), null, null, null);
    return new DeploymentRecord(ID, runId, sequence, 1_790_000_000_000L + sequence, status);
  }

  private Map<String, Object> row(String runId) {
    return TestDatabase.jdbc().sql("select * from deployments where workflow_id = :id and run_id = :run")
        .param("id", ID).param("run", runId).query().singleRow();
  }

  @Test
  void keepsTheNewestRecordOfEachRun() {
    activities.record(record("run-1", 1, "Deploying", null, Colour.BLUE));
    activities.record(record("run-1", 3, "AwaitingApproval", "Promotion: approve or reject", Colour.BLUE));
    activities.record(record("run-1", 2, "Analysing", null, Colour.BLUE));
    activities.record(record("run-1", 3, "AwaitingApproval", "Promotion: approve or reject", Colour.BLUE));

    Map<String, Object> row = row("run-1");
    assertThat(row.get("phase")).as("a late older record is ignored").isEqualTo("AwaitingApproval");
    assertThat(row.get("sequence")).isEqualTo(3);
    assertThat(row.get("requested_by")).isEqualTo("ana");
    assertThat(row.get("image")).isEqualTo("registry.example/game:v2");
    assertThat(row.get("traffic_on")).isEqualTo("BLUE");
    assertThat(row.get("forbid_self_approval")).isEqualTo(true);
    assertThat(row.get("awaiting")).isEqualTo("Promotion: approve or reject");
  }

  @Test
  void theNextDeploymentOfTheSameServiceGetsItsOwnRow() {
    activities.record(record("run-1", 9, "Promoted", null, Colour.GREEN));
    activities.record(record("run-2", 1, "Pending", null, Colour.GREEN));

    assertThat(row("run-1").get("phase")).isEqualTo("Promoted");
    assertThat(row("run-2").get("phase")).isEqualTo("Pending");
  }
}
