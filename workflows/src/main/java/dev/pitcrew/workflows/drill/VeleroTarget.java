package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Kubernetes namespace drilled through Velero (target kind {@code velero}): its backup (a fresh Velero
 * {@code Backup} of the namespace, or the newest Completed one of {@code schedule}) is restored with a
 * {@code namespaceMapping} into a scratch namespace, which must then serve: its pods Ready, the smoke checks answering
 * and the Prometheus queries holding. The scratch namespace is deleted whatever happened.
 *
 * @param namespace the namespace that is backed up and restored
 * @param schedule the Velero {@code Schedule} whose newest Completed backup is drilled (backup mode {@code latest})
 * @param minimumReadyPods the scratch namespace must have at least this many pods, all Ready (default 1)
 * @param readyTimeoutMinutes how long the restored pods may take to become Ready (default 10)
 * @param restoreTimeoutMinutes how long a Velero backup or restore may take (default 60)
 * @param smokeChecks HTTP GETs against restored Services in the scratch namespace
 * @param prometheusQueries instant queries about the scratch namespace that must meet their condition
 */
public record VeleroTarget(
    String namespace,
    String schedule,
    Integer minimumReadyPods,
    Integer readyTimeoutMinutes,
    Integer restoreTimeoutMinutes,
    List<VeleroSmokeCheck> smokeChecks,
    List<VeleroPrometheusQuery> prometheusQueries) {
  /** A DNS-1123 label, as Kubernetes names namespaces, Services and Velero's objects. */
  static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public VeleroTarget {
    minimumReadyPods = minimumReadyPods == null ? 1 : minimumReadyPods;
    readyTimeoutMinutes = readyTimeoutMinutes == null ? 10 : readyTimeoutMinutes;
    restoreTimeoutMinutes = restoreTimeoutMinutes == null ? 60 : restoreTimeoutMinutes;
    smokeChecks = smokeChecks == null ? List.of() : List.copyOf(smokeChecks);
    prometheusQueries = prometheusQueries == null ? List.of() : List.copyOf(prometheusQueries);
  }

  /**
   * The scratch namespace of a run, from its scratch database name: the same pure function of the run, spelled as
   * a namespace ({@code pitcrew-drill-<hash>}), so a retried restore after a crash finds the restore it made.
   */
  public static String scratchNamespaceFor(String scratchDatabase) {
    return scratchDatabase.replace('_', '-');
  }

  /** Problems of this section (fields relative to {@code target.velero}). */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (namespace == null || !LABEL.matcher(namespace).matches()) {
      problems.add("namespace: required, a Kubernetes namespace name (lower-case letters, digits, '-')");
    } else if (namespace.startsWith("kube-") || namespace.equals("default")) {
      problems.add("namespace: a drill restores an application's namespace, not " + namespace);
    }
    if (schedule != null && !LABEL.matcher(schedule).matches()) {
      problems.add("schedule: the name of a Velero Schedule (lower-case letters, digits, '-')");
    }
    if (minimumReadyPods < 0 || minimumReadyPods > 10_000) {
      problems.add("minimumReadyPods: between 0 and 10000");
    }
    if (readyTimeoutMinutes < 1 || readyTimeoutMinutes > 240) {
      problems.add("readyTimeoutMinutes: between 1 and 240");
    }
    if (restoreTimeoutMinutes < 1 || restoreTimeoutMinutes > 300) {
      problems.add("restoreTimeoutMinutes: between 1 and 300");
    }
    if (smokeChecks.size() > 20) {
      problems.add("smokeChecks: at most 20");
    }
    for (int i = 0; i < smokeChecks.size(); i++) {
      int index = i;
      VeleroSmokeCheck check = smokeChecks.get(i);
      if (check == null) {
        problems.add("smokeChecks[" + i + "]: required");
      } else {
        check.problems().forEach(p -> problems.add("smokeChecks[" + index + "]." + p));
      }
    }
    if (prometheusQueries.size() > 20) {
      problems.add("prometheusQueries: at most 20");
    }
    for (int i = 0; i < prometheusQueries.size(); i++) {
      int index = i;
      VeleroPrometheusQuery query = prometheusQueries.get(i);
      if (query == null) {
        problems.add("prometheusQueries[" + i + "]: required");
      } else {
        query.problems().forEach(p -> problems.add("prometheusQueries[" + index + "]." + p));
      }
    }
    return problems;
  }

  /**
   * What the rest of a definition must say for a Velero drill (full field paths): the backup is a Velero one, not a
   * dump file, and the SQL-only verification settings have nothing to check.
   */
  static List<String> problemsOfDefinition(BackupSource backup, DrillVerification verification, VeleroTarget velero) {
    List<String> problems = new ArrayList<>();
    if (!BackupSource.DUMP.equals(backup.mode()) && !BackupSource.LATEST.equals(backup.mode())) {
      problems.add("backup.mode: must be 'dump' (take a fresh Velero Backup) or 'latest' (the newest Completed "
          + "backup of target.velero.schedule)");
    }
    if (backup.directory() != null) {
      problems.add("backup.directory: not used with target kind 'velero': Velero keeps its backups");
    }
    if (BackupSource.LATEST.equals(backup.mode()) && velero != null && velero.schedule() == null) {
      problems.add("target.velero.schedule: required with backup mode 'latest': the Velero Schedule whose newest "
          + "Completed backup is drilled");
    }
    if (!verification.checksumTables().isEmpty()) {
      problems.add("verification.checksumTables: checksums need a PostgreSQL target; a velero drill verifies with "
          + "target.velero.smokeChecks and prometheusQueries");
    }
    if (!verification.assertions().isEmpty()) {
      problems.add("verification.assertions: SQL assertions need a PostgreSQL target; a velero drill verifies with "
          + "target.velero.smokeChecks and prometheusQueries");
    }
    return problems;
  }
}
