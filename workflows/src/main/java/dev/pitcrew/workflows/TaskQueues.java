package dev.pitcrew.workflows;

/** Task queues Pitcrew's workers poll. One queue for now; families that need isolation get their own. */
public final class TaskQueues {
  public static final String OPERATIONS = "pitcrew-operations";

  private TaskQueues() {}
}
