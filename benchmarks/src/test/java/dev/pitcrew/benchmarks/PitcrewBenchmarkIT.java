package dev.pitcrew.benchmarks;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The full benchmark ({@code ./pitcrew bench}): 10k tickets, 1k alerts in 10 s, throughput against the bare SDK.
 * Reports figures; the goals are compared in docs/performance.md, not asserted (the machine is shared).
 */
@Tag("benchmark")
class PitcrewBenchmarkIT {

  @Test
  void measure() throws Exception {
    BenchmarkSuite.run(BenchmarkSizes.full(),
        Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "full"));
  }
}
