package dev.pitcrew.api.runs;

import io.temporal.client.WorkflowOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Temporal UI shows for a run before anyone opens its history: a one-line static summary ("deployment of
 * game-api to production, asked by alice@studio.example") and static details listing the service, environment,
 * severity or priority and who asked. Set on every start, signal-with-start included.
 */
public record StartDescription(String summary, Map<String, String> details) {

  public static StartDescription of(String summary) {
    return new StartDescription(summary, new LinkedHashMap<>());
  }

  /** Adds a detail line; a null or blank value is left out. */
  public StartDescription with(String label, String value) {
    if (value != null && !value.isBlank()) {
      details.put(label, value);
    }
    return this;
  }

  /** The details as Temporal Markdown, one "**label:** value" line each. */
  public String detailsMarkdown() {
    StringBuilder text = new StringBuilder();
    details.forEach((label, value) -> text.append(text.isEmpty() ? "" : "\n").append("**").append(label)
        .append(":** ").append(value));
    return text.toString();
  }

  public WorkflowOptions.Builder applyTo(WorkflowOptions.Builder options) {
    return options.setStaticSummary(summary).setStaticDetails(detailsMarkdown());
  }
}
