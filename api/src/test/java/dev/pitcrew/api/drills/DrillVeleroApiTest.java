package dev.pitcrew.api.drills;

import static dev.pitcrew.api.support.ApiReads.firstDrillRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Velero examples of docs/drills.md over REST, in local mode's sandbox Kubernetes with its simulated Velero:
 * the lobby namespace restores from its schedule's latest backup and passes; chat-legacy's restore ends
 * PartiallyFailed and the drill fails with Velero's counts; bad definitions are refused naming the field.
 */
class DrillVeleroApiTest extends SharedServerTest {

  @Test
  void theDocumentedVeleroDrillRestoresTheLobbyIntoScratchAndPasses() throws Exception {
    HttpApi.Response defined = api.put("/api/v1/drills/api-velero-lobby", """
        {"description": "the lobby namespace, restored through Velero into a scratch namespace",
         "target": {"kind": "velero", "velero": {"namespace": "lobby", "schedule": "lobby-hourly",
                                                 "minimumReadyPods": 2}},
         "backup": {"mode": "latest"},
         "objectives": {"rpoMinutes": 60, "rtoMinutes": 30}}""");
    assertThat(defined.status()).as(defined.text()).isEqualTo(201);

    assertThat(api.post("/api/v1/drills/api-velero-lobby/runs", "").status()).isEqualTo(201);

    JsonNode run = firstDrillRun(api, "api-velero-lobby");
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("PASSED");
    JsonNode report = api.get(run.path("links").path("report").asString()).body();
    assertThat(report.path("scratchDatabase").asString()).startsWith("pitcrew-drill-");
    assertThat(report.path("backup").path("location").asString()).startsWith("lobby-hourly-");
    assertThat(report.path("rtoSeconds").isNumber()).isTrue();
    assertThat(report.path("rpoSeconds").isNumber()).isTrue();
    assertThat(report.path("verification").path("tables").asInt()).isEqualTo(2);
    assertThat(report.path("cleanedUp").asBoolean()).isTrue();
  }

  @Test
  void aPartiallyFailedRestoreFailsTheDrillWithVelerosCountsAsEvidence() throws Exception {
    assertThat(api.put("/api/v1/drills/api-velero-chat", """
        {"target": {"kind": "velero", "velero": {"namespace": "chat-legacy"}},
         "reporting": {"openIncidents": false}}""").status()).isEqualTo(201);

    assertThat(api.post("/api/v1/drills/api-velero-chat/runs", "").status()).isEqualTo(201);

    JsonNode run = firstDrillRun(api, "api-velero-chat");
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("FAILED");
    JsonNode report = api.get(run.path("links").path("report").asString()).body();
    assertThat(report.path("failure").asString()).contains("the Velero restore PartiallyFailed")
        .contains("2 errors and 1 warnings");
    assertThat(report.path("restore").path("exitCode").asInt()).isEqualTo(1);
    assertThat(report.path("cleanedUp").asBoolean()).isTrue();
  }

  @Test
  void badVeleroDefinitionsAreRefusedNamingTheFieldAndRecoveryModeIsRefused() {
    assertThat(api.put("/api/v1/drills/api-velero-bad", "{\"target\": {\"kind\": \"velero\"}}").text())
        .contains("target.velero");
    HttpApi.Response refused = api.put("/api/v1/drills/api-velero-bad", """
        {"target": {"kind": "velero", "velero": {"namespace": "Lobby_1", "readyTimeoutMinutes": 0,
                    "smokeChecks": [{"service": "lobby", "path": "healthz"}],
                    "prometheusQueries": [{"query": "up", "successCondition": "up > 1"}]}},
         "backup": {"mode": "latest", "directory": "/backups"},
         "verification": {"checksumTables": ["public.players"]}}""");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("target.velero.namespace").contains("target.velero.readyTimeoutMinutes")
        .contains("target.velero.smokeChecks[0].path").contains("target.velero.prometheusQueries[0].successCondition")
        .contains("backup.directory").contains("target.velero.schedule").contains("verification.checksumTables");
    assertThat(api.get("/api/v1/drills/api-velero-bad").status()).isEqualTo(404);

    assertThat(api.put("/api/v1/drills/api-velero-nore", """
        {"target": {"kind": "velero", "velero": {"namespace": "lobby"}}}""").status()).isEqualTo(201);
    HttpApi.Response recovery = api.post("/api/v1/drills/api-velero-nore/recoveries",
        "{\"pointInTime\": \"2026-01-01T00:00:00Z\", \"reason\": \"test\"}");
    assertThat(recovery.status()).as(recovery.text()).isEqualTo(400);
    assertThat(recovery.text()).contains("target.kind");
  }
}
