package dev.pitcrew.api.incidents;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/incidents}: a person declaring an incident.
 *
 * @param severity {@code SEV1}..{@code SEV4}, any case
 * @param commander the incident commander if already known; otherwise the first to acknowledge takes the role
 * @param dedupKey declarations (and alerts) with the same key join one incident; default: derived from the
 *     {@code Idempotency-Key} header, or a fresh key so every declaration opens its own incident
 * @param by who declares it; default {@code api}
 */
public record DeclareIncidentRequest(
    @NotBlank @Size(max = 200) String title,
    @NotNull @Pattern(regexp = ServiceNames.REGEX, message = ServiceNames.MESSAGE) String service,
    @NotNull @Pattern(regexp = SeverityNames.REGEX, message = SeverityNames.MESSAGE) String severity,
    @Size(max = 10_000) String description,
    @Size(min = 1, max = 100) String commander,
    @Size(min = 1, max = 200) @Pattern(regexp = "\\S(.*\\S)?", message = "must not start or end with a space")
        String dedupKey,
    @Size(min = 1, max = 100) String by) {

  static final String DEFAULT_ACTOR = "api";

  String actor() {
    return by == null || by.isBlank() ? DEFAULT_ACTOR : by;
  }
}
