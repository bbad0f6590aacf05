package dev.pitcrew.api.runs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** Input of a {@code self-check} run. Every field is optional. */
public record SelfCheckRequest(
    @Size(max = 120) String label,
    @Min(0) @Max(86_400) Integer holdSeconds,
    Boolean awaitConfirmation,
    @Min(1) @Max(604_800) Integer confirmationTimeoutSeconds) {

  String labelOrDefault() {
    return label == null || label.isBlank() ? "manual" : label;
  }
}
