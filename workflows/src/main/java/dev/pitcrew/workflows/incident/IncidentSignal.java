package dev.pitcrew.workflows.incident;

/**
 * Something a person or system tells a running incident. Every signal names who sent it ({@code actor}) and
 * through what ({@code source}, e.g. {@code slack}, {@code api}, {@code pagerduty}); the workflow applies them one
 * at a time in the order they arrived and puts each on the timeline.
 */
public sealed interface IncidentSignal
    permits Alert, Acknowledge, Escalate, Resolve, ChangeSeverity, Note, StakeholderUpdate {
  String actor();

  String source();
}
