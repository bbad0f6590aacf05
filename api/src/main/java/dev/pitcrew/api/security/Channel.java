package dev.pitcrew.api.security;

/** Where a request came from; audit rows and timelines name it beside the principal. */
public enum Channel {
  REST,
  CONSOLE,
  SLACK,
  WEBHOOK,
  WORKFLOW;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
