package dev.pitcrew.api.incidents;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Bodies of the steering endpoints ({@code POST /api/v1/incidents/{id}/<action>}). Every one names who acts
 * ({@code by}); that name is what the timeline, the channel and the postmortem show.
 */
final class SteeringRequests {
  private SteeringRequests() {}

  record NoteRequest(@NotBlank @Size(max = 100) String by, @NotBlank @Size(max = 4000) String text) {}

  record AcknowledgeRequest(@NotBlank @Size(max = 100) String by) {}

  record EscalateRequest(@NotBlank @Size(max = 100) String by, @Size(max = 500) String reason) {}

  record ResolveRequest(
      @NotBlank @Size(max = 100) String by,
      @Size(max = 4000) String summary,
      @Size(max = 20) List<@NotBlank @Size(max = 200) String> followUps) {}

  record SeverityRequest(
      @NotBlank @Size(max = 100) String by,
      @NotNull @Pattern(regexp = SeverityNames.REGEX, message = SeverityNames.MESSAGE) String severity,
      @Size(max = 500) String reason) {}

  record StakeholderUpdateRequest(@NotBlank @Size(max = 100) String by, @NotBlank @Size(max = 4000) String text) {}
}
