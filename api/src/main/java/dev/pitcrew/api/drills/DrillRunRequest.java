package dev.pitcrew.api.drills;

import jakarta.validation.constraints.NotBlank;

/** A run of a drill: the input of run type {@code drill}; {@code requestedBy} is always the authenticated caller. */
record DrillRunRequest(@NotBlank String drill, String requestedBy) {}
