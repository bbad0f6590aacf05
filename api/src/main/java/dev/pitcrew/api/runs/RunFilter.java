package dev.pitcrew.api.runs;

import java.time.Instant;

/** Filters of {@code GET /api/v1/runs}; null means "any". {@code from} is inclusive, {@code to} exclusive. */
public record RunFilter(String type, String status, Instant from, Instant to, int page, int size) {}
