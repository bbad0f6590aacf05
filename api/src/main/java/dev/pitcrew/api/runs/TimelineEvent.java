package dev.pitcrew.api.runs;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One line of a run's timeline.
 *
 * @param kind {@code run}, {@code phase}, {@code activity}, {@code timer}, {@code signal}, {@code decision},
 *     {@code refused} (an attempt the run or the API refused, with its reason) or {@code failure}
 * @param detail the data behind the line (signal payload, phase record, failure), when there is any
 */
public record TimelineEvent(Instant at, String kind, String title, JsonNode detail) {}
