package dev.pitcrew.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a definition of target kind velero must say, each problem naming its field. */
class VeleroTargetTest {

  @Test
  void aScheduledNamespaceWithChecksIsADrill() {
    VeleroTarget lobby = new VeleroTarget("lobby", "lobby-hourly", 2, 10, 60,
        List.of(new VeleroSmokeCheck("lobby", "/healthz", 200, "ok")),
        List.of(new VeleroPrometheusQuery("sum(up{namespace=\"{namespace}\"})", "result[0] >= 1 && result[0] < 9")));

    assertThat(drill(lobby, new BackupSource(BackupSource.LATEST, null), DrillVerification.ROW_COUNTS_ONLY).problems())
        .isEmpty();
  }

  @Test
  void everyBadFieldIsNamed() {
    DrillDefinition bad = new DrillDefinition("velero-bad", null, drill(new VeleroTarget("kube-system", "Hourly!", -1,
            0, 301, List.of(new VeleroSmokeCheck("Lobby", "healthz", 42, "")),
            List.of(new VeleroPrometheusQuery(" ", "value > 1")))).target(),
        new BackupSource(BackupSource.LATEST, "/backups"),
        new DrillVerification(null, List.of("public.players"), List.of(new SqlAssertion("a", "select true")), null),
        null, null, null);

    assertThat(bad.problems()).containsExactly(
        "target.velero.namespace: a drill restores an application's namespace, not kube-system",
        "target.velero.schedule: the name of a Velero Schedule (lower-case letters, digits, '-')",
        "target.velero.minimumReadyPods: between 0 and 10000",
        "target.velero.readyTimeoutMinutes: between 1 and 240",
        "target.velero.restoreTimeoutMinutes: between 1 and 300",
        "target.velero.smokeChecks[0].service: required, the name of a Service in the restored namespace",
        "target.velero.smokeChecks[0].path: required, starting with '/', at most 500 characters, no spaces",
        "target.velero.smokeChecks[0].expectedStatus: an HTTP status between 100 and 599",
        "target.velero.smokeChecks[0].bodyContains: 1 to 500 characters",
        "target.velero.prometheusQueries[0].query: required, a PromQL instant query of at most 2000 characters",
        "target.velero.prometheusQueries[0].successCondition: required, comparisons of result or result[i] with a "
            + "number joined by && or ||, e.g. result[0] >= 1",
        "backup.directory: not used with target kind 'velero': Velero keeps its backups",
        "verification.checksumTables: checksums need a PostgreSQL target; a velero drill verifies with "
            + "target.velero.smokeChecks and prometheusQueries",
        "verification.assertions: SQL assertions need a PostgreSQL target; a velero drill verifies with "
            + "target.velero.smokeChecks and prometheusQueries");
  }

  @Test
  void theKindAndItsSectionGoTogether() {
    assertThat(new DrillDefinition("velero-none", null, new DrillTarget("velero", null, null, null, null, null, null),
        null, null, null, null, null).problems())
        .containsExactly("target.velero: required with kind 'velero': the namespace to drill");
    assertThat(new DrillDefinition("velero-pg", null, new DrillTarget("pitcrew", null, null, null, null, null, null,
        new VeleroTarget("lobby", null, null, null, null, null, null)), null, null, null, null, null).problems())
        .containsExactly("target.velero: only with kind 'velero'");
    assertThat(new DrillDefinition("velero-latest", null, new DrillTarget("velero", null, null, null, null, null, null,
        new VeleroTarget("lobby", null, null, null, null, null, null)), new BackupSource(BackupSource.LATEST, null),
        null, null, null, null).problems())
        .containsExactly("target.velero.schedule: required with backup mode 'latest': the Velero Schedule whose newest "
            + "Completed backup is drilled");
  }

  @Test
  void theScratchNamespaceIsTheRunsScratchNameSpelledAsANamespace() {
    String database = DrillWorkflowImpl.scratchDatabaseFor("drill-lobby", "run-1");

    assertThat(VeleroTarget.scratchNamespaceFor(database))
        .matches("pitcrew-drill-[0-9a-f]{16}").isEqualTo(VeleroTarget.scratchNamespaceFor(database))
        .matches(VeleroTarget.LABEL.pattern());
  }

  private static DrillDefinition drill(VeleroTarget velero, BackupSource backup, DrillVerification verification) {
    return new DrillDefinition("velero-lobby", null,
        new DrillTarget(DrillTarget.VELERO, null, null, null, null, null, null, velero), backup, verification,
        null, null, null);
  }

  private static DrillDefinition drill(VeleroTarget velero) {
    return drill(velero, null, null);
  }
}
