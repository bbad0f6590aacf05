package dev.pitcrew.benchmarks;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Start-up alone ({@code ./pitcrew bench --startup}): first start, warm restart without and with the AOT cache.
 * Reports figures; asserts nothing (the machine is shared).
 */
@Tag("benchmark")
class StartupIT {

  @Test
  void measure() throws Exception {
    BenchmarkSuite.startup(Path.of(System.getProperty("pitcrew.bench.report", "target/benchmarks"), "startup"));
  }
}
