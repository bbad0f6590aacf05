package dev.pitcrew.workflows.run;

/**
 * What on-call filters runs by: the service and environment a run acts on, and its severity or priority.
 * Any of them may be null when it does not apply to a run type.
 */
public record RunLabels(String service, String environment, String severity) {
  public static final RunLabels NONE = new RunLabels(null, null, null);
}
