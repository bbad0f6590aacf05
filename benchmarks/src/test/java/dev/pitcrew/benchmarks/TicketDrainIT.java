package dev.pitcrew.benchmarks;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ticket drain alone ({@code ./pitcrew bench --tickets}): N tickets over REST against a fresh server, creation
 * rate and time until all wait on their clocks. Reports figures; asserts nothing (the machine is shared).
 */
@Tag("benchmark")
class TicketDrainIT {

  @Test
  void measure() throws Exception {
    BenchmarkSuite.ticketDrain(BenchmarkSizes.full(),
        Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "tickets"));
  }
}
