package dev.pitcrew.api.drills;

import static dev.pitcrew.api.support.ApiReads.firstDrillRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.drill.testing.GameData;
import dev.pitcrew.activities.drill.testing.Postgres15;
import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import dev.pitcrew.api.recovery.RunReconciler;
import dev.pitcrew.workflows.drill.DrillLeftovers;
import dev.pitcrew.workflows.drill.DrillLeftoversWorkflow;
import dev.pitcrew.workflows.drill.DrillWorkflow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The documented example of docs/drills.md over REST, against a local PostgreSQL 15 database: define the drill,
 * run it, read its report with RTO, RPO, counts and checksums; bad definitions are refused naming the field.
 */
class DrillApiTest extends SharedServerTest {
  private static EmbeddedPostgres game;
  @Autowired ApiTokens tokens;
  @Autowired io.temporal.client.WorkflowClient workflows;
  @Autowired DrillSchedules schedules;
  @Autowired RunReconciler reconciler;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void gameDatabase() throws SQLException {
    game = Postgres15.server();
    GameData.create(game, "game", 5_000);
  }

  @Test
  void theDocumentedDrillRunsFromRestAndReportsRtoRpoCountsAndChecksums() throws Exception {
    HttpApi.Response defined = api.put("/api/v1/drills/api-game-db", """
        {"description": "the game database, restored and checked",
         "target": {"kind": "postgres", "host": "localhost", "port": %d, "database": "game", "username": "postgres"},
         "verification": {"checksumTables": ["public.players"],
                          "assertions": [{"name": "every item has its player",
                                          "sql": "select not exists (select 1 from items i left join players p on p.id = i.player_id where p.id is null)"}]},
         "objectives": {"rpoMinutes": 60, "rtoMinutes": 240},
         "reporting": {"incidentSeverity": "SEV2"}}""".formatted(game.getPort()));
    assertThat(defined.status()).as(defined.text()).isEqualTo(201);
    assertThat(defined.body().path("updatedBy").asString()).isEqualTo("admin");
    assertThat(defined.body().path("definition").path("backup").path("mode").asString()).isEqualTo("dump");

    HttpApi.Response started = api.post("/api/v1/drills/api-game-db/runs", "");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    assertThat(started.body().path("workflowId").asString()).isEqualTo("drill-api-game-db");

    JsonNode run = firstDrillRun(api, "api-game-db");
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("PASSED");
    assertThat(run.path("rtoSeconds").asDouble()).isPositive();
    assertThat(run.path("rpoSeconds").asDouble()).isPositive();
    assertThat(run.path("rtoMet").asBoolean()).isTrue();
    assertThat(run.path("rtoTargetSeconds").asLong()).isEqualTo(4 * 3600);

    JsonNode report = api.get(run.path("links").path("report").asString()).body();
    assertThat(report.path("backup").path("sourceRowCounts").path("public.players").asLong()).isEqualTo(5_000);
    assertThat(report.path("verification").path("restoredRowCounts").path("public.items").asLong()).isEqualTo(10_000);
    assertThat(report.path("verification").path("restoredChecksums").path("public.players").asString())
        .isEqualTo(report.path("backup").path("sourceChecksums").path("public.players").asString()).startsWith("h64:");
    assertThat(report.path("verification").path("assertions").get(0).path("passed").asBoolean()).isTrue();
    assertThat(report.path("cleanedUp").asBoolean()).isTrue();
    assertThat(report.path("megabytesPerSecond").asDouble()).isPositive();

    JsonNode runs = api.get("/api/v1/runs?type=drill").body();
    assertThat(runs.toString()).contains("drill-api-game-db");
    assertThat(api.get("/api/v1/drills").body().toString()).contains("api-game-db");
  }

  @Test
  void pitcrewsOwnDatabaseIsDrilledInLocalModeWithDebiansClientTools() throws Exception {
    // Local mode embeds PostgreSQL 15, the major of Debian 12's postgresql-client-15 that ./pitcrew test installs.
    assertThat(api.put("/api/v1/drills/api-own-db", "{\"target\": {\"kind\": \"pitcrew\"}}").status()).isEqualTo(201);
    HttpApi.Response started = api.post("/api/v1/drills/api-own-db/runs", "");
    assertThat(started.status()).as(started.text()).isEqualTo(201);

    JsonNode run = firstDrillRun(api, "api-own-db");
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("PASSED");
    JsonNode report = api.get(run.path("links").path("report").asString()).body();
    assertThat(report.path("backup").path("sourceRowCounts").path("public.flyway_schema_history").asLong())
        .as(report.toString()).isPositive()
        .isEqualTo(report.path("verification").path("restoredRowCounts").path("public.flyway_schema_history").asLong());
    assertThat(report.path("cleanedUp").asBoolean()).isTrue();
    assertThat(api.delete("/api/v1/drills/api-own-db").status()).isEqualTo(204);
  }

  @Test
  void aBadDefinitionIsRefusedNamingEveryFieldAndNothingIsStored() {
    HttpApi.Response refused = api.put("/api/v1/drills/api-bad", """
        {"target": {"kind": "postgres", "host": "localhost", "database": "game", "username": "postgres",
                    "passwordEnv": "not a variable"},
         "objectives": {"rpoMinutes": 0}, "reporting": {"incidentSeverity": "P1"}}""");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("target.passwordEnv").contains("objectives.rpoMinutes")
        .contains("reporting.incidentSeverity");
    assertThat(api.get("/api/v1/drills/api-bad").status()).isEqualTo(404);
    assertThat(api.put("/api/v1/drills/Bad_Name", "{}").text()).contains("name");
    assertThat(api.put("/api/v1/drills/api-bad", "{\"target\": {\"kind\": \"pitcrew\"}, \"extra\": 1}").text())
        .contains("extra");
  }

  /**
   * A pgBackRest definition goes through the same API: bad fields of its section and of the rest are named, nothing is
   * stored; a good one is stored and read back, and recovery mode refuses it naming the kind. Its runs are tested end
   * to end in activities' DrillWorkflowPgBackRestTest.
   */
  @Test
  void aPgBackRestDefinitionIsValidatedNamingItsFieldsStoredAndNotRecovered() {
    HttpApi.Response refused = api.put("/api/v1/drills/api-pitr-bad", """
        {"target": {"kind": "pgbackrest", "host": "localhost", "database": "game", "username": "postgres",
                    "pgbackrest": {"stanza": "main db", "config": "pgbackrest.conf", "pointInTime": "yesterday",
                                   "backupType": "snapshot"}},
         "backup": {"mode": "latest", "directory": "/var/backups"}}""");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("target.pgbackrest.stanza").contains("target.pgbackrest.config")
        .contains("target.pgbackrest.pointInTime").contains("target.pgbackrest.backupType")
        .contains("backup.directory");
    assertThat(api.get("/api/v1/drills/api-pitr-bad").status()).isEqualTo(404);
    assertThat(api.put("/api/v1/drills/api-pitr-bad", "{\"target\": {\"kind\": \"pgbackrest\", \"host\": "
        + "\"localhost\", \"database\": \"game\", \"username\": \"postgres\"}}").text())
        .contains("target.pgbackrest");
    assertThat(api.put("/api/v1/drills/api-pitr-bad", "{\"target\": {\"kind\": \"pgbackrest\", \"host\": "
        + "\"localhost\", \"database\": \"game\", \"username\": \"postgres\", \"pgbackrest\": {\"stanza\": "
        + "\"main\", \"nonsense\": 1}}}").text()).contains("nonsense");

    assertThat(api.put("/api/v1/drills/api-pitr", """
        {"target": {"kind": "pgbackrest", "host": "localhost", "port": 5432, "database": "game",
                    "username": "postgres", "passwordEnv": "GAME_DB_PASSWORD",
                    "pgbackrest": {"stanza": "main", "config": "/etc/pgbackrest/pgbackrest.conf",
                                   "pointInTime": "2026-11-30T14:00:00Z"}},
         "backup": {"mode": "latest"}}""").status()).isEqualTo(201);
    JsonNode stored = api.get("/api/v1/drills/api-pitr").body();
    assertThat(stored.toString()).contains("\"stanza\":\"main\"").contains("2026-11-30T14:00:00Z")
        .contains("\"backupType\":\"incr\"");
    HttpApi.Response recovery = api.post("/api/v1/drills/api-pitr/recoveries",
        "{\"pointInTime\": \"2026-11-30T14:00:00Z\", \"reason\": \"test\"}");
    assertThat(recovery.status()).isEqualTo(400);
    assertThat(recovery.text()).contains("target.kind").contains("pgbackrest restore --type=time");
    assertThat(api.delete("/api/v1/drills/api-pitr").status()).isEqualTo(204);
  }

  @Test
  void runningAnUndefinedDrillIsNotFoundAndDeletingKeepsNoDefinition() {
    assertThat(api.post("/api/v1/drills/api-nothing/runs", "").status()).isEqualTo(404);
    assertThat(api.put("/api/v1/drills/api-gone", "{\"target\": {\"kind\": \"pitcrew\"}}").status()).isEqualTo(201);
    assertThat(api.delete("/api/v1/drills/api-gone").status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/drills/api-gone").status()).isEqualTo(404);
  }

  /**
   * A schedule on the in-process engine of local mode: PUT with a schedule starts it (a run of its own), it lists
   * its next runs in its time zone, pause/resume/trigger are Updates answered 200 or 409, trigger starts a drill run
   * that passes, and DELETE stops the schedule.
   */
  @Test
  void aScheduledDrillListsItsNextRunsPausesResumesFiresNowAndStopsWithItsDefinition() throws Exception {
    assertThat(api.put("/api/v1/drills/api-sched-bad", """
        {"target": {"kind": "pitcrew"}, "schedule": {"cron": "every night", "timeZone": "Mars/Olympus"}}""").text())
        .contains("schedule.cron").contains("schedule.timeZone");
    HttpApi.Response defined = api.put("/api/v1/drills/api-sched-db", """
        {"target": {"kind": "postgres", "host": "localhost", "port": %d, "database": "game", "username": "postgres"},
         "schedule": {"cron": "30 3 * * *", "timeZone": "Europe/Berlin", "jitterSeconds": 60}}"""
        .formatted(game.getPort()));
    assertThat(defined.status()).as(defined.text()).isEqualTo(201);
    assertThat(defined.body().path("links").path("schedule").asString()).isEqualTo("/api/v1/drills/api-sched-db/schedule");

    JsonNode schedule = api.get("/api/v1/drills/api-sched-db/schedule").body();
    assertThat(schedule.path("paused").asBoolean()).isFalse();
    assertThat(schedule.path("nextRuns")).hasSize(5);
    assertThat(schedule.path("nextRuns")).allSatisfy(at -> assertThat(
        java.time.Instant.parse(at.asString()).atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalTime())
        .isEqualTo(java.time.LocalTime.of(3, 30)));
    assertThat(api.get("/api/v1/runs?type=drill-schedule").text()).contains("drill-schedule-api-sched-db");

    HttpApi.Response paused = api.post("/api/v1/drills/api-sched-db/schedule/pause", "");
    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.body().path("paused").asBoolean()).isTrue();
    assertThat(paused.body().path("nextRuns")).isEmpty();
    HttpApi.Response again = api.post("/api/v1/drills/api-sched-db/schedule/pause", "");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text()).contains("already paused");
    assertThat(api.post("/api/v1/drills/api-sched-db/schedule/resume", "").body().path("paused").asBoolean())
        .isFalse();

    HttpApi.Response triggered = api.post("/api/v1/drills/api-sched-db/schedule/trigger", "");
    assertThat(triggered.status()).as(triggered.text()).isEqualTo(200);
    JsonNode run = firstDrillRun(api, "api-sched-db");
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("PASSED");
    // The schedule continues as new once its run ended; a query landing before the new run's first task may time
    // out on a busy machine: ask until it answers.
    JsonNode fired = awaitSchedule("api-sched-db");
    assertThat(fired.path("fired").asInt()).as(fired.toString()).isEqualTo(1);
    assertThat(fired.path("lastOutcome").asString()).startsWith("started run ");

    assertThat(api.delete("/api/v1/drills/api-sched-db").status()).isEqualTo(204);
    assertThat(api.get("/api/v1/drills/api-sched-db/schedule").status()).isEqualTo(404);
    long deadline = System.currentTimeMillis() + 30_000;
    while (!api.get("/api/v1/runs/drill-schedule-api-sched-db").text().contains("CANCELED")) {
      assertThat(System.currentTimeMillis()).as("the schedule recorded that it stopped").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /**
   * Recovery mode over REST: a releaser asks, the copy is restored and verified in scratch, the requester's own
   * approval and an operator's are refused (403, naming why), a second releaser approves, and the database is back.
   */
  @Test
  void aRecoveryNeedsASecondReleaserAndPutsTheBackupInTheRealPlace() throws Exception {
    GameData.create(game, "api_recover", 1_000);
    java.nio.file.Path backups = java.nio.file.Files.createTempDirectory("api-recover");
    java.nio.file.Path dump = GameData.dump(game, "api_recover", backups.resolve("nightly.dump"));
    java.nio.file.Files.setLastModifiedTime(dump,
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(600)));
    try (var connection = game.getDatabase("postgres", "api_recover").getConnection();
        var statement = connection.createStatement()) {
      statement.execute("delete from items; delete from players where id > 500");
    }
    assertThat(api.put("/api/v1/drills/api-recover", """
        {"target": {"kind": "postgres", "host": "localhost", "port": %d, "database": "api_recover", "username": "postgres"},
         "backup": {"mode": "latest", "directory": "%s"},
         "verification": {"assertions": [{"name": "all players", "sql": "select count(*) = 1000 from players"}]}}"""
        .formatted(game.getPort(), backups)).status()).isEqualTo(201);
    HttpApi alice = Callers.as(api, tokens, "alice", "releaser");
    HttpApi bob = Callers.as(api, tokens, "bob", "releaser");
    HttpApi dave = Callers.as(api, tokens, "dave", "operator");

    assertThat(alice.post("/api/v1/drills/api-recover/recoveries", "{\"reason\": \"lost players\"}").text())
        .contains("pointInTime");
    assertThat(dave.post("/api/v1/drills/api-recover/recoveries",
        "{\"pointInTime\": \"2026-01-01T00:00:00Z\", \"reason\": \"x\"}").status()).isEqualTo(403);
    HttpApi.Response started = alice.post("/api/v1/drills/api-recover/recoveries",
        "{\"pointInTime\": \"" + java.time.Instant.now() + "\", \"reason\": \"a bad migration deleted players\"}");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    assertThat(started.body().path("workflowId").asString()).isEqualTo("recovery-api-recover");
    long deadline = System.currentTimeMillis() + 90_000;
    while (!api.get("/api/v1/runs/recovery-api-recover").body().path("phase").asString().equals("AwaitingApproval")) {
      assertThat(System.currentTimeMillis()).as("the recovery awaits approval").isLessThan(deadline);
      Thread.sleep(250);
    }
    JsonNode evidence = api.get("/api/v1/drills/api-recover/recoveries/current").body();
    assertThat(evidence.path("mode").asString()).isEqualTo("RECOVERY");
    assertThat(evidence.path("verification").path("assertions").get(0).path("passed").asBoolean()).isTrue();

    HttpApi.Response own = alice.post("/api/v1/drills/api-recover/recoveries/approve", "{}");
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.text()).contains("alice asked for this recovery and may not approve it");
    assertThat(dave.post("/api/v1/drills/api-recover/recoveries/approve", "{}").status()).isEqualTo(403);
    HttpApi.Response approved = bob.post("/api/v1/drills/api-recover/recoveries/approve",
        "{\"reason\": \"evidence checked\"}");
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    assertThat(approved.body().path("recovery").path("approvedBy").asString()).isEqualTo("bob");

    JsonNode run = firstDrillRun(api, "api-recover");
    assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("PASSED");
    try (var connection = game.getDatabase("postgres", "api_recover").getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("select count(*) from players")) {
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(1_000);
    }
  }

  /**
   * Local mode's engine keeps workflows in memory: after a restart the schedules are gone. At start-up Pitcrew
   * starts every stored schedule again (here: the schedule is stopped behind Pitcrew's back, then start-up runs).
   */
  @Test
  void startUpStartsEveryStoredScheduleAgain() throws Exception {
    assertThat(api.put("/api/v1/drills/api-sched-boot", """
        {"target": {"kind": "pitcrew"}, "schedule": {"cron": "0 4 * * 1"}}""").status()).isEqualTo(201);
    String workflowId = "drill-schedule-api-sched-boot";
    io.temporal.client.WorkflowStub stub = workflows.newUntypedWorkflowStub(workflowId);
    stub.terminate("the engine lost its state");
    assertThat(api.post("/api/v1/drills/api-sched-boot/schedule/pause", "").status()).isEqualTo(409);

    schedules.startStoredSchedules();

    JsonNode schedule = api.get("/api/v1/drills/api-sched-boot/schedule").body();
    assertThat(schedule.path("nextRuns")).as(schedule.toString()).hasSize(5);
    assertThat(api.post("/api/v1/drills/api-sched-boot/schedule/pause", "").status()).isEqualTo(200);
    assertThat(api.delete("/api/v1/drills/api-sched-boot").status()).isEqualTo(204);
  }

  private JsonNode awaitSchedule(String drill) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      HttpApi.Response schedule = api.get("/api/v1/drills/" + drill + "/schedule");
      if (schedule.status() == 200) {
        return schedule.body();
      }
      assertThat(System.currentTimeMillis()).as(schedule.text()).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /**
   * Engine loss: the runs index says a drill runs that the engine no longer holds. Reconciliation marks it LOST and
   * starts the clean-up that run never got to: the scratch database it had made (found by the name the run gave it)
   * is dropped, and the reason says by which run.
   */
  @Test
  void aDrillRunTheEngineLostHasItsScratchDatabaseDroppedNotLeftAsAGhost() throws Exception {
    assertThat(api.put("/api/v1/drills/api-lost-db", """
        {"target": {"kind": "postgres", "host": "localhost", "port": %d, "database": "game", "username": "postgres"}}
        """.formatted(game.getPort())).status()).isEqualTo(201);
    String workflowId = DrillWorkflow.workflowId("api-lost-db");
    String lostRunId = java.util.UUID.randomUUID().toString();
    String scratch = new DrillLeftovers("api-lost-db", workflowId, lostRunId, "test").scratchDatabase();
    try (Connection admin = game.getPostgresDatabase().getConnection(); Statement statement = admin.createStatement()) {
      statement.execute("create database " + scratch);
    }
    jdbc.sql("""
        insert into runs (workflow_id, run_id, run_type, status, phase, service, sequence, started_at, updated_at)
        values (?, ?, 'drill', 'RUNNING', 'Restoring', 'api-lost-db', 2, now(), now())""")
        .params(workflowId, lostRunId).update();

    reconciler.reconcile();

    String reason = jdbc.sql("select status || ': ' || coalesce(outcome, '') from runs where run_id = ?")
        .param(lostRunId).query(String.class).single();
    assertThat(reason).startsWith("LOST").contains("Clean-up of its scratch copy " + scratch + " started as run "
        + DrillLeftoversWorkflow.workflowId(lostRunId));
    String outcome = workflows.newUntypedWorkflowStub(DrillLeftoversWorkflow.workflowId(lostRunId))
        .getResult(60, java.util.concurrent.TimeUnit.SECONDS, String.class);
    assertThat(outcome).isEqualTo("Dropped the lost run's scratch database " + scratch + " and its files");
    try (Connection admin = game.getPostgresDatabase().getConnection();
        var exists = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, scratch);
      assertThat(exists.executeQuery().next()).as("scratch database left behind").isFalse();
    }
  }
}
