package dev.pitcrew.workflows.drill;

import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.RunMessage;
import dev.pitcrew.workflows.run.Refusal;
import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.run.RunTracker;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The drill runbook: check the backup is fresh enough, back up (when the drill takes its own), restore into a
 * scratch database, verify the copy, measure RTO and RPO, report, and clean up whatever happened.
 */
public class DrillWorkflowImpl implements DrillWorkflow {
  static final String LOADING = "LoadingDefinition";
  static final String CHECKING_FRESHNESS = "CheckingFreshness";
  static final String BACKING_UP = "BackingUp";
  static final String RESTORING = "Restoring";
  /** A drill that takes its own dump restores it as it is written (see STREAMING_RESTORE). */
  static final String BACKING_UP_AND_RESTORING = "BackingUpAndRestoring";
  static final String VERIFYING = "Verifying";
  static final String CLEANING_UP = "CleaningUp";
  static final String REPORTING = "Reporting";
  static final String CHOOSING_BACKUP = "ChoosingBackup";
  static final String AWAITING_APPROVAL = "AwaitingApproval";
  static final String PROMOTING = "Promoting";
  /** Version 1: recovery mode (a request with {@code recovery} restores into the real place after approval). */
  static final String RECOVERY_MODE = "drill-recovery-mode";
  /** How long a verified recovery waits for its second person before it gives up and drops the copy. */
  static final Duration APPROVAL_TIMEOUT = Duration.ofHours(24);
  /** Version 1: target kind {@code velero} (a Kubernetes namespace restored through Velero, see VeleroTarget). */
  static final String VELERO_TARGET = "drill-velero-target";
  /** Version 1: target kind {@code pgbackrest} (a physical restore with point-in-time recovery, see PgBackRestTarget). */
  static final String PGBACKREST_TARGET = "drill-pgbackrest-target";
  /**
   * Version 1: a pgBackRest drill verifies and cleans up on the worker host that restored (its task queue, from the
   * restore's outcome): the scratch server and data directory exist only there.
   */
  static final String PGBACKREST_HOST_QUEUE = "drill-pgbackrest-host-queue";
  /**
   * Version 1: a PostgreSQL drill that takes its own dump streams it into the scratch database while writing it (one
   * activity, pg_dump feeding pg_restore), instead of dumping to a file and restoring the file afterwards.
   */
  static final String STREAMING_RESTORE = "drill-streaming-restore";
  /**
   * Version 1: a pgBackRest restore that fails after making its scratch data directory names its host in the failure
   * (see PgBackRestDrillActivities#restore), and the clean-up goes to that host's queue instead of the shared one.
   */
  static final String PGBACKREST_FAILED_RESTORE_HOST = "drill-pgbackrest-failed-restore-host";
  /** How long a step waits for the restoring host to pick it up before the run says that host is gone. */
  static final Duration HOST_PICK_UP = Duration.ofMinutes(5);

  /** Quick calls: the definition, a directory listing. */
  private final DrillActivities quick =
      Workflow.newActivityStub(DrillActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5)
              .setDoNotRetry("DrillNotFound", "NoBackup").build())
          .build());

  /**
   * Dumps, restores and verifications: long, heartbeating (a lost worker is noticed within ten seconds and the step
   * retried elsewhere; the SDK sends heartbeats at most every 8 s, so a cancel reaches the step that fast), and
   * cancelled by waiting for the tool to stop, so clean-up never races a running restore.
   */
  private final DrillActivities longRunning =
      Workflow.newActivityStub(DrillActivities.class, heartbeating("ToolVersionMismatch", "BadTarget"));

  /** Clean-up must happen: retried for up to an hour before the run says it left something behind. */
  static final ActivityOptions CLEAN_UP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(5))
      .setScheduleToCloseTimeout(Duration.ofHours(1))
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(2))
          .setMaximumInterval(Duration.ofMinutes(2)).build())
      .build();

  private final DrillActivities cleanUp = Workflow.newActivityStub(DrillActivities.class, CLEAN_UP);

  /** The Velero target's quick look-up: the newest backup of its schedule. */
  private final VeleroDrillActivities veleroQuick =
      Workflow.newActivityStub(VeleroDrillActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).setDoNotRetry("NoBackup").build())
          .build());

  /**
   * Velero backups, restores and the wait for Ready pods: heartbeating like the PostgreSQL steps, so a lost worker's
   * wait is taken over within ten seconds (and finds the Velero object it made) and a cancel reaches it.
   */
  private final VeleroDrillActivities veleroLong =
      Workflow.newActivityStub(VeleroDrillActivities.class, heartbeating("VeleroFailed", "VeleroTimeout", "BadTarget"));

  /** Deleting the scratch namespace, retried for up to an hour (also while a Restore still writes into it). */
  private final VeleroDrillActivities veleroCleanUp = Workflow.newActivityStub(VeleroDrillActivities.class, CLEAN_UP);

  /** pgBackRest's quick look-up: {@code pgbackrest info} (and a listing of the archive) of the stanza. */
  private final PgBackRestDrillActivities pgBackRestQuick =
      Workflow.newActivityStub(PgBackRestDrillActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5)
              .setDoNotRetry("NoBackup", "ToolVersionMismatch", "BadTarget").build())
          .build());

  /** pgBackRest backups, restores with recovery, and verification on the scratch server: heartbeating. */
  private final PgBackRestDrillActivities pgBackRestLong = Workflow.newActivityStub(PgBackRestDrillActivities.class,
      heartbeating("ToolVersionMismatch", "BadTarget", "RecoveryFailed"));

  /** Stopping the scratch server and deleting its data directory, retried for up to an hour. */
  private final PgBackRestDrillActivities pgBackRestCleanUp =
      Workflow.newActivityStub(PgBackRestDrillActivities.class, CLEAN_UP);

  /** The report and the incident are the point of a failed drill: retried for a day. */
  private final DrillReportActivities outcome =
      Workflow.newActivityStub(DrillReportActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofDays(1))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
              .setMaximumInterval(Duration.ofMinutes(5)).build())
          .build());

  /** A long step that heartbeats: up to three attempts, never retried on the failures named. */
  private static ActivityOptions heartbeating(String... doNotRetry) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(6))
        .setHeartbeatTimeout(Duration.ofSeconds(10))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3)
            .setInitialInterval(Duration.ofSeconds(5))
            .setDoNotRetry(doNotRetry).build())
        .build();
  }

  private DrillRequest request;
  private DrillDefinition definition;
  private RunTracker tracker;
  private ChatOpsContext chat;
  private RunMessage message;
  private final List<DrillStep> steps = new ArrayList<>();
  private final List<String> facts = new ArrayList<>();
  private String scratchDatabase;
  private BackupInfo backup;
  private BackupInfo backupTaken;
  private RestoreOutcome restore;
  private VerificationOutcome verification;
  private Long restoreStartedAt;
  private Long verifiedAt;
  private String status;
  private String failure;
  private boolean cleanedUp;
  private String incidentId;
  private long startedAt;
  private boolean recovering;
  private boolean awaitingApproval;
  private RecoveryDecision approval;
  private RecoveryDecision rejection;
  private String keptAs;
  private Long promotedAt;
  private int veleroVersion;
  private boolean velero;
  private int pgBackRestVersion;
  private boolean pgBackRest;
  private int hostQueueVersion;
  private int streamingVersion;
  private int failedRestoreHostVersion;
  /** The task queue of the host where a failed pgBackRest restore left its scratch data directory. */
  private String failedRestoreHostQueue;

  @Override
  public DrillReport run(DrillRequest request) {
    int version = Workflow.getVersion(RECOVERY_MODE, Workflow.DEFAULT_VERSION, 1);
    this.veleroVersion = Workflow.getVersion(VELERO_TARGET, Workflow.DEFAULT_VERSION, 1);
    this.pgBackRestVersion = Workflow.getVersion(PGBACKREST_TARGET, Workflow.DEFAULT_VERSION, 1);
    this.hostQueueVersion = Workflow.getVersion(PGBACKREST_HOST_QUEUE, Workflow.DEFAULT_VERSION, 1);
    this.streamingVersion = Workflow.getVersion(STREAMING_RESTORE, Workflow.DEFAULT_VERSION, 1);
    this.failedRestoreHostVersion = Workflow.getVersion(PGBACKREST_FAILED_RESTORE_HOST, Workflow.DEFAULT_VERSION, 1);
    this.request = request;
    this.recovering = version >= 1 && request.recovery() != null;
    this.startedAt = Workflow.currentTimeMillis();
    this.scratchDatabase = scratchDatabaseFor(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
    tracker = RunTracker.start(RUN_TYPE, new RunLabels(request.drill(), null, null), LOADING);
    Workflow.setCurrentDetails("Drill " + request.drill() + ": loading its definition");
    return tracker.runToCompletion(this::drill, DrillReport::summary);
  }

  private DrillReport drill() {
    definition = quick.definition(request.drill());
    velero = veleroVersion >= 1 && definition.target().throughVelero();
    pgBackRest = pgBackRestVersion >= 1 && definition.target().throughPgBackRest();
    if (velero) {
      scratchDatabase = VeleroTarget.scratchNamespaceFor(scratchDatabase);
    }
    chat = chatFor(request, definition);
    message = RunMessage.open(chat, card("RUNNING"));
    try {
      if (recovering && velero) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Recovery mode restores PostgreSQL targets; restore a namespace with velero restore create", "BadTarget");
      } else if (recovering && pgBackRest) {
        throw ApplicationFailure.newNonRetryableFailure("Recovery mode restores logical PostgreSQL targets; recover a "
            + "pgBackRest stanza in place with pgbackrest restore --type=time (docs/drills.md)", "BadTarget");
      } else if (recovering) {
        recover();
      } else if (velero) {
        checkFreshness();
        backUpWithVelero();
        restoreWithVelero();
        verifyWithVelero();
      } else if (pgBackRest) {
        checkFreshness();
        backUpWithPgBackRest();
        restorePointInTime();
        verifyPointInTime();
      } else {
        checkFreshness();
        if (streamingVersion >= 1 && definition.backup().takesFreshDump()) {
          backUpWhileRestoring();
        } else {
          backUp();
          restoreToScratch();
        }
        verifyCopy();
      }
      measure();
    } catch (CanceledFailure | ActivityFailure | ApplicationFailure failed) {
      if (CancellationScope.current().isCancelRequested()) {
        // A cancelled activity surfaces as an ActivityFailure: either way the run was cancelled. Clean up and report
        // outside the cancelled scope, then end as cancelled.
        status = DrillReport.CANCELLED;
        failure = "Cancelled at phase " + tracker.phase();
        Workflow.newDetachedCancellationScope(this::finish).run();
        throw failed instanceof CanceledFailure cancelled ? cancelled : new CanceledFailure(failure);
      }
      status = failed instanceof ApplicationFailure refused && "RecoveryRejected".equals(refused.getType())
          ? DrillReport.CANCELLED // a recovery people decided against is no failure to page about
          : DrillReport.FAILED;
      failure = "Failed at " + tracker.phase() + ": " + rootMessage(failed);
    }
    finish();
    if (!DrillReport.PASSED.equals(status)) {
      throw ApplicationFailure.newNonRetryableFailure(failure, "DrillFailed", report());
    }
    return report();
  }

  /** The newest backup must be younger than the RPO; a drill that takes its own backup has nothing to check. */
  private void checkFreshness() {
    if (definition.backup().takesFreshDump()) {
      return;
    }
    step(CHECKING_FRESHNESS, () -> {
      backup = velero ? veleroQuick.latestBackup(definition)
          : pgBackRest ? pgBackRestQuick.latestBackup(definition) : quick.latestBackup(definition);
      double ageSeconds = (Workflow.currentTimeMillis() - backup.takenAtMillis()) / 1000.0;
      if (ageSeconds > definition.objectives().rpoSeconds()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Stale backup: the newest, " + backup.location() + ", is " + Math.round(ageSeconds / 60) + " min old;"
                + " the RPO is " + definition.objectives().rpoMinutes() + " min",
            "StaleBackup");
      }
      return "newest backup " + backup.location() + " is " + Math.round(ageSeconds) + "s old";
    });
  }

  private void backUp() {
    if (!definition.backup().takesFreshDump()) {
      return;
    }
    step(BACKING_UP, () -> {
      backup = longRunning.takeBackup(definition, scratchDatabase);
      backupTaken = backup;
      return "pg_dump took " + backup.location() + " (" + backup.sizeBytes() + " bytes, "
          + backup.sourceRowCounts().size() + " tables counted)";
    });
  }

  /**
   * The drill's own dump restored as it is written: the stream's start is the restore's start (RTO), the dump's
   * snapshot its restored point (RPO).
   */
  private void backUpWhileRestoring() {
    restoreStartedAt = Workflow.currentTimeMillis();
    step(BACKING_UP_AND_RESTORING, () -> {
      StreamedRestore streamed = longRunning.backUpWhileRestoring(definition, scratchDatabase, scratchDatabase);
      backup = streamed.backup();
      backupTaken = backup;
      restore = streamed.restore();
      return (restore.resumed() ? "already streamed by attempt " + restore.restoredOnAttempt() + ": " : "")
          + "pg_dump streamed into " + scratchDatabase + " and " + backup.location() + " (" + backup.sizeBytes()
          + " bytes, " + backup.sourceRowCounts().size() + " tables counted)" + (restore.exitCode() == 0 ? ""
          : ", pg_restore reported " + restore.errors().size() + " errors");
    });
  }

  private void restoreToScratch() {
    restoreStartedAt = Workflow.currentTimeMillis();
    step(RESTORING, () -> {
      restore = longRunning.restore(definition, backup, scratchDatabase);
      return (restore.resumed() ? "already restored by attempt " + restore.restoredOnAttempt() : "restored")
          + " into " + scratchDatabase + (restore.exitCode() == 0 ? "" : ", pg_restore reported "
          + restore.errors().size() + " errors");
    });
  }

  private void verifyCopy() {
    step(VERIFYING, () -> {
      verification = longRunning.verify(definition, backup, scratchDatabase);
      long checkedAt = Workflow.currentTimeMillis();
      List<String> problems = new ArrayList<>();
      if (restore.exitCode() != 0) {
        problems.add("pg_restore exited " + restore.exitCode()
            + (restore.errors().isEmpty() ? "" : " (" + restore.errors().getFirst() + ")"));
      }
      problems.addAll(verification.problems());
      if (!problems.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Verification failed: " + String.join("; ", problems), "VerificationFailed");
      }
      verifiedAt = checkedAt;
      return verification.tables() + " tables, counts and checksums match, "
          + verification.assertions().size() + " assertions hold";
    });
  }

  /** A fresh Velero Backup of the namespace, named after the run (backup mode dump). */
  private void backUpWithVelero() {
    if (!definition.backup().takesFreshDump()) {
      return;
    }
    step(BACKING_UP, () -> {
      backup = veleroLong.takeBackup(definition, scratchDatabase);
      return "Velero backup " + backup.location() + " of namespace " + definition.target().velero().namespace()
          + " completed";
    });
  }

  /** A Velero Restore of the backup with the namespace mapped to the scratch namespace, waited for to its end. */
  private void restoreWithVelero() {
    restoreStartedAt = Workflow.currentTimeMillis();
    step(RESTORING, () -> {
      restore = veleroLong.restore(definition, backup, scratchDatabase);
      return (restore.resumed() ? "resumed the Restore made by attempt " + restore.restoredOnAttempt() + ": "
          : "") + backup.location() + " restored into namespace " + scratchDatabase
          + (restore.exitCode() == 0 ? "" : ", PartiallyFailed: " + String.join("; ", restore.errors()));
    });
  }

  /** The restored namespace must serve: pods Ready, smoke checks answering, Prometheus queries holding. */
  private void verifyWithVelero() {
    step(VERIFYING, () -> {
      verification = veleroLong.verify(definition, scratchDatabase);
      long checkedAt = Workflow.currentTimeMillis();
      List<String> problems = new ArrayList<>();
      if (restore.exitCode() != 0) {
        problems.add("the Velero restore PartiallyFailed"
            + (restore.errors().isEmpty() ? "" : " (" + restore.errors().getFirst() + ")"));
      }
      problems.addAll(verification.problems());
      if (!problems.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Verification failed: " + String.join("; ", problems), "VerificationFailed");
      }
      verifiedAt = checkedAt;
      return verification.tables() + " pods Ready, " + verification.assertions().size() + " checks pass";
    });
  }

  /** A pgBackRest backup of the stanza first (backup mode dump); its restorable point is then the newest. */
  private void backUpWithPgBackRest() {
    if (!definition.backup().takesFreshDump()) {
      return;
    }
    step(BACKING_UP, () -> {
      backup = pgBackRestLong.takeBackup(definition);
      return "pgbackrest backup --type=" + definition.target().pgbackrest().backupType() + " completed; newest "
          + "restorable point " + java.time.Instant.ofEpochMilli(backup.takenAtMillis()) + " (" + backup.location()
          + ")";
    });
  }

  /** pgbackrest restore into a scratch data directory, a scratch server recovering on it to the point, promoted. */
  private void restorePointInTime() {
    restoreStartedAt = Workflow.currentTimeMillis();
    step(RESTORING, () -> {
      try {
        restore = pgBackRestLong.restore(definition, backup, scratchDatabase);
      } catch (ActivityFailure failed) {
        if (failedRestoreHostVersion >= 1) {
          failedRestoreHostQueue = scratchHostNamedBy(failed);
        }
        throw failed;
      }
      PgBackRestTarget target = definition.target().pgbackrest();
      return (restore.resumed() ? "already recovered by attempt " + restore.restoredOnAttempt() + ": " : "")
          + "restored " + backup.location() + " into " + scratchDatabase + " and recovered to "
          + (target.toLatest() ? "the end of the archive" : target.pointInTime())
          + (restore.recoveredToMillis() == null ? ""
              : " (last transaction replayed " + java.time.Instant.ofEpochMilli(restore.recoveredToMillis()) + ")");
    });
  }

  /** The host queue a failed restore put in its failure's details once it had made the scratch data directory. */
  private static String scratchHostNamedBy(ActivityFailure failed) {
    if (failed.getCause() instanceof ApplicationFailure cause && cause.getDetails() != null
        && cause.getDetails().getSize() > 0) {
      return cause.getDetails().get(0, String.class);
    }
    return null;
  }

  /**
   * The queue of the worker host holding the scratch copy: the one the restore answered with or, for a restore that
   * failed after making its scratch data directory, the one its failure named; null when unknown.
   */
  private String scratchHostQueue() {
    return restore != null ? restore.hostTaskQueue() : failedRestoreHostQueue;
  }

  /**
   * The pgBackRest steps on the worker host that holds the scratch copy, when the restore named its queue (a run from
   * before, or a restore that failed before making anything, uses the shared queue as it did).
   */
  private PgBackRestDrillActivities pgBackRestOnHost(ActivityOptions options, PgBackRestDrillActivities shared) {
    if (hostQueueVersion < 1 || scratchHostQueue() == null) {
      return shared;
    }
    return Workflow.newActivityStub(PgBackRestDrillActivities.class, ActivityOptions.newBuilder(options)
        .setTaskQueue(scratchHostQueue())
        .setScheduleToStartTimeout(HOST_PICK_UP)
        .build());
  }

  /** A step for the restoring host; when no worker of that host picks it up, the run says the host is gone. */
  private <T> T onRestoringHost(Functions.Func<T> step) {
    try {
      return step.apply();
    } catch (ActivityFailure failed) {
      if (failed.getCause() instanceof TimeoutFailure timeout
          && timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        throw ApplicationFailure.newNonRetryableFailure("The worker host that restored " + scratchDatabase
            + " (task queue " + scratchHostQueue() + ") did not pick up the step within "
            + HOST_PICK_UP.toMinutes() + " min: it is gone, and its scratch data directory with it unless it was "
            + "a persistent volume (runbook: docs/drills.md, \"The restoring worker host is gone\")",
            "ScratchHostGone");
      }
      throw failed;
    }
  }

  /** The target's database on the scratch server: tables, counts, checksums and assertions. */
  private void verifyPointInTime() {
    step(VERIFYING, () -> {
      verification = onRestoringHost(() ->
          pgBackRestOnHost(heartbeating("ToolVersionMismatch", "BadTarget", "RecoveryFailed"), pgBackRestLong)
              .verify(definition, backup, scratchDatabase));
      long checkedAt = Workflow.currentTimeMillis();
      if (!verification.problems().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Verification failed: " + String.join("; ", verification.problems()), "VerificationFailed");
      }
      verifiedAt = checkedAt;
      return verification.tables() + " tables, " + verification.assertions().size() + " assertions hold";
    });
  }

  /**
   * Recovery mode: the same restore and verification into scratch, then, once a second person with the releaser's
   * permission approved, the verified copy takes the target's place (the replaced database is kept, renamed).
   */
  private void recover() {
    keptAs = keptAsFor(definition.target().database(), scratchDatabase);
    step(CHOOSING_BACKUP, () -> {
      backup = quick.backupAt(definition, request.recovery().pointInTimeMillis());
      return "restoring " + backup.location() + ", taken " + java.time.Instant.ofEpochMilli(backup.takenAtMillis())
          + ", the newest at or before " + java.time.Instant.ofEpochMilli(request.recovery().pointInTimeMillis());
    });
    restoreToScratch();
    verifyCopy();
    step(AWAITING_APPROVAL, () -> {
      awaitingApproval = true;
      message.update(card("AWAITING APPROVAL"));
      boolean answered = dev.pitcrew.workflows.run.Waits.await(APPROVAL_TIMEOUT,
          "wait for a second person to approve the recovery", () -> approval != null || rejection != null);
      awaitingApproval = false;
      if (!answered) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Nobody approved the recovery within " + APPROVAL_TIMEOUT.toHours() + " h", "RecoveryNotApproved");
      }
      if (rejection != null) {
        throw ApplicationFailure.newNonRetryableFailure("Recovery rejected by " + rejection.by()
            + (rejection.reason() == null ? "" : ": " + rejection.reason()), "RecoveryRejected");
      }
      return "approved by " + approval.by() + (approval.reason() == null ? "" : ": " + approval.reason());
    });
    step(PROMOTING, () -> {
      boolean promotedNow = longRunning.promote(definition, scratchDatabase, keptAs);
      promotedAt = Workflow.currentTimeMillis();
      // The recovery's clock stops when the restored copy serves in the target's place.
      verifiedAt = promotedAt;
      return (promotedNow ? "" : "already ") + "in place as " + definition.target().database() + "; the replaced "
          + "database is kept as " + keptAs;
    });
  }

  @Override
  public DrillReport approveRecovery(RecoveryDecision decision) {
    refuseIfNot(refusalOfApproval(decision));
    approval = decision;
    return report();
  }

  @Override
  public void validateApproveRecovery(RecoveryDecision decision) {
    refuseIfNot(refusalOfApproval(decision));
  }

  @Override
  public DrillReport rejectRecovery(RecoveryDecision decision) {
    refuseIfNot(refusalOfDecision(decision));
    rejection = decision;
    return report();
  }

  @Override
  public void validateRejectRecovery(RecoveryDecision decision) {
    refuseIfNot(refusalOfDecision(decision));
  }

  /** The two-person rule, stated once: asked by the validator and again by the handler. */
  private ApplicationFailure refusalOfApproval(RecoveryDecision decision) {
    ApplicationFailure refusal = refusalOfDecision(decision);
    if (refusal == null && decision.by().equalsIgnoreCase(request.requestedBy())) {
      return Refusal.FORBIDDEN.because(decision.by() + " asked for this recovery and may not approve it; "
          + "a second person with the releaser role must");
    }
    return refusal;
  }

  private ApplicationFailure refusalOfDecision(RecoveryDecision decision) {
    if (decision == null || decision.by() == null || decision.by().isBlank()) {
      return Refusal.INVALID.because("a decision must say who made it");
    }
    if (!recovering) {
      return Refusal.WRONG_PHASE.because("this run is a drill, not a recovery");
    }
    if (!decision.mayRecover()) {
      return Refusal.FORBIDDEN.because(decision.by() + " lacks drills.recover (the releaser role)");
    }
    if (approval != null || rejection != null) {
      RecoveryDecision first = approval != null ? approval : rejection;
      return Refusal.ALREADY_DECIDED.because("already " + (approval != null ? "approved" : "rejected") + " by "
          + first.by());
    }
    if (!awaitingApproval) {
      return Refusal.WRONG_PHASE.because("nothing awaits approval (phase " + phase() + ")");
    }
    return null;
  }

  private static void refuseIfNot(ApplicationFailure refusal) {
    if (refusal != null) {
      throw refusal;
    }
  }

  /** RTO and RPO against their targets: a drill that restores but too slowly, or too old a point, fails. */
  private void measure() {
    List<String> missed = new ArrayList<>();
    if (rtoSeconds() > definition.objectives().rtoSeconds()) {
      missed.add("RTO missed: " + Math.round(rtoSeconds()) + "s > " + definition.objectives().rtoSeconds() + "s");
    }
    if (rpoSeconds() > definition.objectives().rpoSeconds()) {
      missed.add("RPO missed: " + Math.round(rpoSeconds()) + "s > " + definition.objectives().rpoSeconds() + "s");
    }
    status = missed.isEmpty() ? DrillReport.PASSED : DrillReport.FAILED;
    failure = missed.isEmpty() ? null : String.join("; ", missed);
  }

  /** Clean up (exactly once, whatever happened), then report and, for a failure, open the incident. */
  private void finish() {
    step(CLEANING_UP, () -> {
      try {
        boolean dropped = velero ? veleroCleanUp.cleanUp(definition, scratchDatabase)
            : pgBackRest ? onRestoringHost(() -> pgBackRestOnHost(CLEAN_UP, pgBackRestCleanUp)
                .cleanUp(definition, scratchDatabase))
            : cleanUp.cleanUp(definition, scratchDatabase, backupTaken);
        cleanedUp = true;
        return dropped ? (velero ? "deleted namespace " : pgBackRest ? "stopped the scratch server and deleted "
            : "dropped ") + scratchDatabase : "nothing to drop";
      } catch (ActivityFailure | ApplicationFailure failed) {
        String left = "Clean-up failed, " + scratchDatabase + " may be left behind: " + rootMessage(failed);
        failure = failure == null ? left : failure + "; " + left;
        status = DrillReport.CANCELLED.equals(status) ? status : DrillReport.FAILED;
        return left;
      }
    });
    tracker.enter(REPORTING);
    Workflow.setCurrentDetails("Drill " + request.drill() + ": reporting " + status);
    if (!DrillReport.PASSED.equals(status) && !DrillReport.CANCELLED.equals(status)
        && definition.reporting().openIncidents()) {
      incidentId = outcome.openIncident(new DrillIncident(
          definition.name(), Workflow.getInfo().getWorkflowId(), definition.reporting().incidentService(),
          definition.reporting().incidentSeverity(), "Backup drill " + definition.name() + " failed", failure,
          "/api/v1/drills/" + definition.name() + "/runs/" + Workflow.getInfo().getRunId()));
      facts.add("Incident " + incidentId);
    }
    outcome.record(report());
    message.update(card(DrillReport.PASSED.equals(status) ? "COMPLETED" : status));
    message.detail(report().summary());
  }

  /** Runs one step of the runbook, recording its phase, duration and outcome in the report. */
  private void step(String phase, Functions.Func<String> body) {
    tracker.enter(phase);
    Workflow.setCurrentDetails("Drill " + request.drill() + ": " + phase);
    message.update(card("RUNNING"));
    long began = Workflow.currentTimeMillis();
    try {
      String result = body.apply();
      steps.add(new DrillStep(phase, began, Workflow.currentTimeMillis() - began, result));
      facts.add(phase + ": " + result);
    } catch (RuntimeException failed) {
      String outcome = CancellationScope.current().isCancelRequested() ? "cancelled" : "failed: " + rootMessage(failed);
      steps.add(new DrillStep(phase, began, Workflow.currentTimeMillis() - began, outcome));
      throw failed;
    }
  }

  private double rtoSeconds() {
    return (verifiedAt - restoreStartedAt) / 1000.0;
  }

  private double rpoSeconds() {
    return (verifiedAt - backup.takenAtMillis()) / 1000.0;
  }

  @Override
  public DrillReport report() {
    RecoveryObjectives objectives = definition == null ? RecoveryObjectives.STUDIO_DEFAULTS : definition.objectives();
    boolean verified = verifiedAt != null;
    Double rto = verified ? rtoSeconds() : null;
    Double rpo = verified ? rpoSeconds() : null;
    Double backupAge = backup == null ? null : Math.max(0, (startedAt - backup.takenAtMillis()) / 1000.0);
    Double throughput = restore == null || restore.durationMillis() <= 0 || restore.resumed() || restore.bytes() <= 0
        ? null
        : restore.bytes() / 1_000_000.0 / (restore.durationMillis() / 1000.0);
    return new DrillReport(
        request == null ? null : request.drill(),
        Workflow.getInfo().getWorkflowId(),
        Workflow.getInfo().getRunId(),
        status == null ? "RUNNING" : status,
        failure,
        startedAt,
        Workflow.currentTimeMillis(),
        steps,
        backup,
        restore,
        verification,
        rto,
        rpo,
        backupAge,
        rto == null ? null : rto <= objectives.rtoSeconds(),
        rpo == null ? null : rpo <= objectives.rpoSeconds(),
        objectives.rtoSeconds(),
        objectives.rpoSeconds(),
        throughput,
        scratchDatabase,
        cleanedUp,
        incidentId,
        recovering ? DrillReport.RECOVERY : DrillReport.DRILL,
        recovering ? new RecoveryEvidence(request.recovery().pointInTimeMillis(), request.recovery().reason(),
            request.requestedBy(), approval == null ? null : approval.by(),
            approval == null ? null : approval.reason(), rejection == null ? null : rejection.by(),
            definition == null ? null : definition.target().database(), keptAs, promotedAt) : null);
  }

  @Override
  public String phase() {
    return tracker == null ? LOADING : tracker.phase();
  }

  /**
   * The scratch database of a run: a pure function of the run, so a retried restore after a worker crash finds
   * the database its first attempt made instead of leaking it and making another.
   */
  static String scratchDatabaseFor(String workflowId, String runId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((workflowId + "/" + runId).getBytes(StandardCharsets.UTF_8));
      return "pitcrew_drill_" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }

  /** Where the replaced database is kept: its name, suffixed with the run's hash (at most 63 characters). */
  static String keptAsFor(String database, String scratchDatabase) {
    String suffix = "_before_recovery_" + scratchDatabase.substring(scratchDatabase.length() - 8);
    return (database.length() + suffix.length() > 63 ? database.substring(0, 63 - suffix.length()) : database)
        + suffix;
  }

  private static ChatOpsContext chatFor(DrillRequest request, DrillDefinition definition) {
    if (request.chat() != null) {
      return request.chat();
    }
    String channel = definition.reporting().slackChannel();
    return channel == null ? null : new ChatOpsContext(channel, null, null, null);
  }

  private RunCard card(String cardStatus) {
    String title = (recovering ? "Recovery of \u201c" : "Backup drill \u201c") + request.drill() + "\u201d";
    return new RunCard(title, Workflow.getInfo().getWorkflowId(),
        cardStatus, tracker.phase(), chat, facts, List.of());
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String text = root instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : root.getMessage();
    return text == null ? root.getClass().getSimpleName() : text;
  }
}
