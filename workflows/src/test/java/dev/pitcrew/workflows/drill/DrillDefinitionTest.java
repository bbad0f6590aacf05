package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DrillDefinitionTest {

  @Test
  void aMinimalPostgresDrillTakesTheStudioDefaults() {
    DrillDefinition drill = new DrillDefinition("game-db", null,
        new DrillTarget("postgres", "db.internal", null, "game", "drills", "GAME_DB_PASSWORD", null),
        null, null, null, null, null);

    assertThat(drill.problems()).isEmpty();
    assertThat(drill.backup().takesFreshDump()).isTrue();
    assertThat(drill.objectives().rpoSeconds()).isEqualTo(3600);
    assertThat(drill.objectives().rtoSeconds()).isEqualTo(4 * 3600);
    assertThat(drill.verification().compareRowCounts()).isTrue();
    assertThat(drill.reporting().openIncidents()).isTrue();
    assertThat(drill.reporting().incidentSeverity()).isEqualTo("SEV3");
  }

  @Test
  void everyBadFieldIsNamed() {
    DrillDefinition drill = new DrillDefinition("Game DB", null,
        new DrillTarget("mysql", null, null, null, null, null, null),
        new BackupSource("latest", null),
        new DrillVerification(null, List.of("players"), List.of(new SqlAssertion("", "select true")), null),
        new RecoveryObjectives(0, 20_000),
        new DrillReporting("#ops room", null, null, "P1"),
        new DrillSchedule("every day", "Mars/Olympus", 7200));

    assertThat(drill.problems()).containsExactly(
        "name: must be 1-40 lower-case letters, digits or '-', starting with a letter",
        "target.kind: must be 'postgres', 'pitcrew' (Pitcrew's own database), 'velero' (a Kubernetes namespace) or "
            + "'pgbackrest' (a physical backup with point-in-time recovery)",
        "backup.directory: required with mode 'latest': where the backup job writes its dumps",
        "verification.checksumTables[0]: schema.table in lower case, e.g. public.players",
        "verification.assertions[0].name: required, at most 200 characters",
        "objectives.rpoMinutes: between 1 and 525600 (a year)",
        "objectives.rtoMinutes: between 1 and 10080 (a week)",
        "reporting.slackChannel: a Slack channel ID, e.g. C0123ABCD",
        "reporting.incidentSeverity: one of SEV1, SEV2, SEV3, SEV4",
        "schedule.cron: not a five-field cron expression (Cron expression contains 2 parts but we expect one of [5])",
        "schedule.timeZone: an IANA time zone, e.g. Europe/Berlin",
        "schedule.jitterSeconds: between 0 and 3600");
  }

  @Test
  void aPgBackRestDrillNamesItsStanzaAndAPointInTime() {
    DrillTarget source = new DrillTarget("pgbackrest", "db.internal", 5432, "game", "drills", "GAME_DB_PASSWORD", null,
        null, new PgBackRestTarget("game", "/etc/pgbackrest/pgbackrest.conf", null, "2026-11-30T14:00:00Z", null, null));
    DrillDefinition drill = new DrillDefinition("game-pitr", null, source, new BackupSource("latest", null), null,
        null, null, null);

    assertThat(drill.problems()).isEmpty();
    assertThat(source.pgbackrest().toLatest()).isFalse();
    assertThat(source.pgbackrest().pointInTimeMillis()).isEqualTo(java.time.Instant.parse("2026-11-30T14:00:00Z")
        .toEpochMilli());
    assertThat(source.pgbackrest().backupType()).isEqualTo("incr");
  }

  @Test
  void aBadPgBackRestDrillHasEveryFieldNamed() {
    DrillDefinition drill = new DrillDefinition("game-pitr", null,
        new DrillTarget("pgbackrest", "db.internal", 5432, "game", "drills", null, null, null,
            new PgBackRestTarget("no stanza!", "pgbackrest.conf", "repo", "yesterday", "snapshot", 0)),
        new BackupSource("latest", "/var/backups"), null, null, null, null);

    assertThat(drill.problems()).containsExactly(
        "target.pgbackrest.stanza: required, a pgBackRest stanza name (letters, digits, '_', '.', '-')",
        "target.pgbackrest.config: an absolute path to a pgbackrest.conf on the workers",
        "target.pgbackrest.repoPath: an absolute path (repo1-path)",
        "target.pgbackrest.pointInTime: 'latest' or an ISO-8601 instant, e.g. 2026-11-30T14:00:00Z",
        "target.pgbackrest.backupType: one of full, diff, incr",
        "target.pgbackrest.restoreTimeoutMinutes: between 1 and 360 (the restore step may run 6 hours at most)",
        "backup.directory: not used with target kind 'pgbackrest': the stanza's repository holds the backups");
    assertThat(new DrillDefinition("game-pitr", null,
        new DrillTarget("pgbackrest", "db.internal", 5432, "game", "drills", null, null), null, null, null, null, null)
        .problems()).containsExactly("target.pgbackrest: required with kind 'pgbackrest': the stanza to restore");
  }

  @Test
  void aPgBackRestRestoreTimeoutMustFitTheRestoreStepsSixHours() {
    assertThat(new PgBackRestTarget("game", null, null, null, null, 360).problems()).isEmpty();
    assertThat(new PgBackRestTarget("game", null, null, null, null, 361).problems()).containsExactly(
        "restoreTimeoutMinutes: between 1 and 360 (the restore step may run 6 hours at most)");
  }

  @Test
  void aPasswordNeverGoesIntoADefinitionOnlyTheNameOfItsVariable() {
    DrillDefinition drill = new DrillDefinition("game-db", null,
        new DrillTarget("postgres", "db", 5432, "game", "drills", "hunter2-secret!", null), null, null, null, null,
        null);

    assertThat(drill.problems()).containsExactly(
        "target.passwordEnv: the name of an environment variable (upper case, digits, '_'), never the password");
  }

  @Test
  void theScratchDatabaseIsAPureFunctionOfTheRun() {
    String first = DrillWorkflowImpl.scratchDatabaseFor("drill-game-db", "run-1");
    assertThat(first).matches("pitcrew_drill_[0-9a-f]{16}")
        .isEqualTo(DrillWorkflowImpl.scratchDatabaseFor("drill-game-db", "run-1"))
        .isNotEqualTo(DrillWorkflowImpl.scratchDatabaseFor("drill-game-db", "run-2"));
  }
}
