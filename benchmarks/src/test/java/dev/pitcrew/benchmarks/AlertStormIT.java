package dev.pitcrew.benchmarks;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The alert storm alone ({@code ./pitcrew bench --alerts}): 1k distinct alerts in 10 s against a fresh server
 * warmed by a storm of its own first ({@code -Dpitcrew.bench.alertWarmUp}), alert-to-page and webhook answer
 * percentiles. Reports figures; asserts nothing (the machine is shared).
 */
@Tag("benchmark")
class AlertStormIT {

  @Test
  void measure() throws Exception {
    BenchmarkSuite.alertStorm(BenchmarkSizes.full(),
        Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "alerts"));
  }
}
