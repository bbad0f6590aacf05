package dev.pitcrew.api.runs;

import java.util.List;

/** A page of the run list; {@code next} is the URL of the following page, or null on the last one. */
public record RunPage(List<RunSummary> items, int page, int size, String next) {}
