package dev.pitcrew.workflows;

/** Task queues Pitcrew's workers poll. Every family shares one; work that must never queue behind it has its own. */
public final class TaskQueues {
  public static final String OPERATIONS = "pitcrew-operations";
  /**
   * PagerDuty calls only (trigger, acknowledge, resolve), with worker slots of their own: in an alert storm a page
   * never waits behind the Slack channels, records and index writes every other incident queued before it.
   */
  public static final String PAGING = "pitcrew-paging";

  private TaskQueues() {}
}
