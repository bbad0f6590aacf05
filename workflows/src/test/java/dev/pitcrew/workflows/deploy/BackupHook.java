package dev.pitcrew.workflows.deploy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.failure.ApplicationFailure;

/** A pre-cutover hook as another team would register it: a database backup that can succeed, fail or hang. */
@ActivityInterface
public interface BackupHook {
  String TYPE = "BackupDatabase";

  @ActivityMethod(name = TYPE)
  String backup(PreCutoverContext context);

  enum Behaviour { SUCCEEDS, FAILS, NEVER_ANSWERS }

  final class Scripted implements BackupHook {
    private final FakeCluster cluster;
    volatile Behaviour behaviour = Behaviour.SUCCEEDS;

    Scripted(FakeCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public String backup(PreCutoverContext context) {
      cluster.note("hook " + TYPE + " " + context.arguments().get("database") + " before " + context.image());
      switch (behaviour) {
        case FAILS -> throw ApplicationFailure.newFailure("pg_dump exited with 1", "BackupFailed");
        case NEVER_ANSWERS -> HangingActivities.hang();
        default -> { }
      }
      return "backup-42";
    }
  }
}
