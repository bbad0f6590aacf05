package dev.pitcrew.api.recovery;

import dev.pitcrew.api.runs.LostRuns;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Closes a run the Temporal engine lost, once someone has dealt with what it left behind. */
@RestController
@RequestMapping("/api/v1/runs")
class LostRunController {
  private final LostRuns lostRuns;
  private final Access access;
  private final RequestReader reader;

  LostRunController(LostRuns lostRuns, Access access, RequestReader reader) {
    this.lostRuns = lostRuns;
    this.access = access;
    this.reader = reader;
  }

  /** @param reason what was done about it, e.g. "rolled back by hand; traffic on blue" */
  record CloseLostRunRequest(@Size(max = 2000) String reason) {}

  @PostMapping("/{workflowId}/close")
  @PreAuthorize("@access.can('runs.cancel')")
  Map<String, Object> close(@PathVariable String workflowId, @RequestBody(required = false) JsonNode body) {
    String reason = body == null ? null : reader.read(body, CloseLostRunRequest.class, "").reason();
    LostRuns.IndexedRun run = lostRuns.close(workflowId, access.identity(), reason);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflowId", workflowId);
    answer.put("runId", run.runId());
    answer.put("status", "CLOSED_LOST");
    answer.put("closedBy", access.identity());
    if (reason != null) {
      answer.put("reason", reason);
    }
    return answer;
  }
}
