package dev.pitcrew.api.slack;

import dev.pitcrew.workers.temporal.TemporalEndpoint;
import org.springframework.stereotype.Component;

/** Links to a run in Pitcrew's console and, where there is one, the Temporal UI. */
@Component
public class ChatOpsLinks {
  private final String consoleRuns;
  private final String temporalUiRuns;

  ChatOpsLinks(PublicUrlProperties publicUrl, ChatOpsProperties chatOps, TemporalEndpoint endpoint) {
    this.consoleRuns = publicUrl.base() + "/api/v1/runs/";
    String ui = endpoint.uiUrl() != null ? endpoint.uiUrl() : chatOps.temporalUiUrl();
    this.temporalUiRuns =
        ui == null || ui.isBlank()
            ? null
            : (ui.endsWith("/") ? ui.substring(0, ui.length() - 1) : ui) + "/namespaces/" + endpoint.namespace()
                + "/workflows/";
  }

  public String consoleRunsPrefix() {
    return consoleRuns;
  }

  public String temporalUiRunsPrefix() {
    return temporalUiRuns;
  }

  /** Slack mrkdwn links to the run: {@code <url|Pitcrew> · <url|Temporal UI>}. */
  public String mrkdwn(String workflowId) {
    String links = "<" + consoleRuns + workflowId + "|Pitcrew>";
    if (temporalUiRuns != null) {
      links += " · <" + temporalUiRuns + workflowId + "|Temporal UI>";
    }
    return links;
  }
}
