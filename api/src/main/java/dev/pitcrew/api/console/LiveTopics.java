package dev.pitcrew.api.console;

import java.util.List;

/**
 * The topics of the console's live stream: a table's changes announce one (see the V79 migration), and console.js
 * turns each event of the stream into a body event the fragments listen to ({@code hx-trigger="live:runs
 * from:body"}). An action's answer names its topic in {@code HX-Trigger} too, so the page that acted refreshes at
 * once without waiting for the stream.
 */
public final class LiveTopics {
  public static final String HX_TRIGGER = "HX-Trigger";
  public static final String RUNS = "runs";
  public static final String INCIDENTS = "incidents";
  public static final String TICKETS = "tickets";
  public static final String DRILLS = "drills";
  public static final String REMEDIATION = "remediation";
  /** Every topic (console.js listens for the same list). */
  public static final List<String> ALL = List.of(RUNS, INCIDENTS, TICKETS, DRILLS, REMEDIATION);

  private LiveTopics() {}
}
