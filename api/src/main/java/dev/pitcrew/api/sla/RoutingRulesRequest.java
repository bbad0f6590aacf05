package dev.pitcrew.api.sla;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** {@code PUT /api/v1/sla/routing-rules}: the whole ordered list; the first matching rule wins. */
record RoutingRulesRequest(@NotNull List<@Valid @NotNull Rule> rules) {

  record Rule(String category, String component, String label, @NotBlank String queue) {}
}
