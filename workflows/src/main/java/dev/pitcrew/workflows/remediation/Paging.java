package dev.pitcrew.workflows.remediation;

/** When a runbook's alert reaches a person. */
public enum Paging {
  /** The alert opens its incident (and pages) at once; the remediation's attempts go on its timeline. */
  PAGE_IMMEDIATELY,
  /** Nobody is paged unless the remediation cannot fix it (refused, rejected, timed out or not verified). */
  PAGE_AFTER_FAILURE
}
