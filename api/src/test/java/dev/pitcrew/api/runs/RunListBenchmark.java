package dev.pitcrew.api.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How the run list's latency grows with the size of the index: the same page queries against 1k runs (the
 * baseline) and 100k runs, in one run on one machine, reported as ratios. An index walk keeps the ratio near 1;
 * a scan would make it about 100.
 *
 * <p>Not part of the default suite: {@code ./mvnw -pl api -am test -Dgroups=benchmark -Dpitcrew.excludedTestGroups=
 * -Dtest=RunListBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. Writes {@code api/target/benchmarks/run-list.txt}.
 */
@Tag("benchmark")
class RunListBenchmark {
  private static final int WARMUP = 200;
  private static final int MEASURED = 2_000;

  @Test
  void listLatencyAtHundredThousandRunsRelativeToOneThousand() throws IOException {
    List<String> report = new ArrayList<>();
    try (RunIndexFixture fixture = new RunIndexFixture()) {
      RunIndexQueries queries = new RunIndexQueries(fixture.jdbc);
      List<RunFilter> shapes =
          List.of(
              new RunFilter(null, null, null, null, 0, 50),
              new RunFilter("deploy", null, null, null, 0, 50),
              new RunFilter(null, "RUNNING", null, null, 0, 50),
              new RunFilter("incident", "FAILED", null, null, 0, 50),
              new RunFilter("deploy", null, null, null, 10, 50));

      fixture.fill(1_000);
      double[] baseline = shapes.stream().mapToDouble(f -> medianMicros(queries, f)).toArray();
      fixture.fill(100_000);
      double[] large = shapes.stream().mapToDouble(f -> medianMicros(queries, f)).toArray();

      report.add("run list: median latency of one page, 100k runs vs 1k runs (same JVM, same PostgreSQL)");
      for (int i = 0; i < shapes.size(); i++) {
        report.add(String.format(Locale.ROOT, "%-70s 1k=%7.0fus 100k=%7.0fus ratio=%.2f",
            describe(shapes.get(i)), baseline[i], large[i], large[i] / baseline[i]));
      }
    }
    report.forEach(System.out::println);
    Path out = Path.of("target/benchmarks/run-list.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
  }

  private static double medianMicros(RunIndexQueries queries, RunFilter filter) {
    for (int i = 0; i < WARMUP; i++) {
      queries.list(filter);
    }
    long[] samples = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      long start = System.nanoTime();
      queries.list(filter);
      samples[i] = System.nanoTime() - start;
    }
    Arrays.sort(samples);
    return samples[MEASURED / 2] / 1_000.0;
  }

  private static String describe(RunFilter f) {
    return "type=" + f.type() + " status=" + f.status() + " page=" + f.page() + " size=" + f.size();
  }
}
