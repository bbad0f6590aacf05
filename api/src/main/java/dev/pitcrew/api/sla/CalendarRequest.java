package dev.pitcrew.api.sla;

import dev.pitcrew.workflows.sla.WorkingHours;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** {@code PUT /api/v1/sla/calendars/{name}}: working hours per weekday in one time zone. */
record CalendarRequest(@NotBlank String zone, @NotEmpty List<@Valid @NotNull WorkingHours> hours) {}
