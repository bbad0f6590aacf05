package dev.pitcrew.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules under infra/prometheus are valid ({@code promtool check rules}) and fire exactly when their unit
 * tests say ({@code promtool test rules} over infra/prometheus/tests). promtool comes with Debian's
 * {@code prometheus} package (infra/test-tools/debian-packages); in CI a missing promtool fails this test.
 */
class PrometheusRulesTest {
  static final Path RULES = MonitoringCatalogueTest.INFRA.resolve("prometheus");

  @BeforeAll
  static void promtoolIsThere() throws Exception {
    boolean present;
    try {
      present = run(List.of("promtool", "--version"), RULES).exit() == 0;
    } catch (IOException notFound) {
      present = false;
    }
    if (System.getenv("CI") != null) {
      assertThat(present).as("promtool on PATH (Debian package prometheus, infra/test-tools/install)").isTrue();
    }
    Assumptions.assumeTrue(present, "promtool missing: run infra/test-tools/install as root (apt-get install prometheus)");
  }

  @Test
  void rulesAreValid() throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
    MonitoringCatalogueTest.files(RULES, ".yml").forEach(f -> command.add(f.getFileName().toString()));
    assertThat(command).hasSizeGreaterThan(3);

    Result result = run(command, RULES);
    assertThat(result.exit()).as(result.output()).isZero();
  }

  @Test
  void rulesFireWhenTheirTestsSay() throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
    MonitoringCatalogueTest.files(RULES.resolve("tests"), ".yml").forEach(f -> command.add(f.getFileName().toString()));
    // Every rule file has its tests.
    assertThat(command).hasSize(3 + MonitoringCatalogueTest.files(RULES, ".yml").toList().size());

    Result result = run(command, RULES.resolve("tests"));
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> command, Path directory) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not finish: " + command);
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
