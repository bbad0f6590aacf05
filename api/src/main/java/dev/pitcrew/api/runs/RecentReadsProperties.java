package dev.pitcrew.api.runs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.reads.*}: how long a replica answers detail reads of a run, incident or ticket from what it read
 * from Temporal a moment ago, instead of asking the engine (a describe, a history page, a query through a worker)
 * for every reader. Concurrent readers of the same run share one read.
 *
 * @param liveTtl how old such an answer may be; a change this replica sends to the run (a signal, a decision, a
 *     cancel) is seen at once. {@code 0s} asks Temporal every time; at most {@code 10s}
 * @param maxEntries how many runs' reads a replica remembers at once
 */
@Validated
@ConfigurationProperties("pitcrew.reads")
public record RecentReadsProperties(
    @NotNull @DefaultValue("1s") Duration liveTtl,
    @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxEntries) {

  public RecentReadsProperties {
    if (liveTtl != null && (liveTtl.isNegative() || liveTtl.compareTo(Duration.ofSeconds(10)) > 0)) {
      throw new IllegalArgumentException("pitcrew.reads.live-ttl must be between 0s and 10s: it is how stale a "
          + "run's, incident's or ticket's detail may be");
    }
  }
}
