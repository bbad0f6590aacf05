package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a drill restores, how it proves the restore works and what it must achieve. Stored by
 * {@code PUT /api/v1/drills/{name}}; a run reads the current definition when it starts.
 *
 * @param name the drill's name (also the stem of its runs' workflow IDs)
 * @param description free text for people
 * @param target the database drilled
 * @param backup take a fresh dump, or drill the newest existing one
 * @param verification what must hold in the restored copy
 * @param objectives RPO and RTO the drill is measured against (default the studio's 1 h / 4 h)
 * @param reporting where the summary goes and what a failure opens
 * @param schedule when it runs by itself; null: only when asked
 */
public record DrillDefinition(
    String name,
    String description,
    DrillTarget target,
    BackupSource backup,
    DrillVerification verification,
    RecoveryObjectives objectives,
    DrillReporting reporting,
    DrillSchedule schedule) {
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  public DrillDefinition {
    backup = backup == null ? BackupSource.FRESH_DUMP : backup;
    verification = verification == null ? DrillVerification.ROW_COUNTS_ONLY : verification;
    objectives = objectives == null ? RecoveryObjectives.STUDIO_DEFAULTS : objectives;
    reporting = reporting == null ? DrillReporting.NONE : reporting;
  }

  /** Everything wrong with the definition, as "field: message"; empty when it can be drilled. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add("name: must be 1-40 lower-case letters, digits or '-', starting with a letter");
    }
    if (description != null && description.length() > 500) {
      problems.add("description: at most 500 characters");
    }
    if (target == null) {
      problems.add("target: required");
    } else {
      target.problems().forEach(p -> problems.add("target." + p));
    }
    if (target != null && target.throughVelero()) {
      problems.addAll(VeleroTarget.problemsOfDefinition(backup, verification, target.velero()));
    } else if (target != null && target.throughPgBackRest()) {
      problems.addAll(PgBackRestTarget.problemsOfDefinition(backup));
    } else {
      backup.problems().forEach(p -> problems.add("backup." + p));
    }
    verification.problems().forEach(p -> problems.add("verification." + p));
    objectives.problems().forEach(p -> problems.add("objectives." + p));
    reporting.problems().forEach(p -> problems.add("reporting." + p));
    if (schedule != null) {
      schedule.problems().forEach(p -> problems.add("schedule." + p));
    }
    return problems;
  }
}
