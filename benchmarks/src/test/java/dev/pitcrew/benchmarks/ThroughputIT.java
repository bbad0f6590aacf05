package dev.pitcrew.benchmarks;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput alone ({@code ./pitcrew bench --throughput}): self-checks over REST against the bare SDK on a fresh
 * server, alternating rounds. Reports figures; asserts nothing (the machine is shared).
 */
@Tag("benchmark")
class ThroughputIT {

  @Test
  void measure() throws Exception {
    BenchmarkSuite.throughput(BenchmarkSizes.full(),
        Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "throughput"));
  }
}
