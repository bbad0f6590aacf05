package dev.pitcrew.workflows;

/** Task queues Pitcrew's workers poll. Every family shares one; work that must never queue behind it has its own. */
public final class TaskQueues {
  public static final String OPERATIONS = "pitcrew-operations";
  /**
   * PagerDuty calls only (trigger, acknowledge, resolve), with worker slots of their own: in an alert storm a page
   * never waits behind the Slack channels, records and index writes every other incident queued before it.
   */
  public static final String PAGING = "pitcrew-paging";

  /**
   * The pgBackRest drill steps that must run where the scratch server is (verify, clean-up): every worker also
   * polls a queue of its own host, and a restore answers it.
   */
  public static String drillHost(String host) {
    return "pitcrew-drills@" + host;
  }

  private TaskQueues() {}
}
