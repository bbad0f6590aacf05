package dev.pitcrew.infra.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code helm lint --strict -f values.yaml}. helm-java's lint takes no values file, so the chart is linted from a
 * copy whose values.yaml is the chart's defaults with the file's values merged in, as Helm merges them (a null
 * removes a default).
 */
final class ChartLint {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ChartLint() {}

  static LintResult lint(Path valuesFile) {
    Path copy = copyChart();
    try {
      Map<String, Object> values = merge(read(RenderedChart.CHART.resolve("values.yaml")), read(valuesFile));
      YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(copy);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> defaults, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(defaults);
    overrides.forEach((key, value) -> {
      if (value == null) {
        merged.remove(key);
      } else if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> base) {
        merged.put(key, merge((Map<String, Object>) base, (Map<String, Object>) map));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) throws IOException {
    Map<String, Object> values = YAML.readValue(file.toFile(), Map.class);
    return values == null ? Map.of() : values;
  }

  /** The chart with its symbolic links resolved (files/prometheus points at infra/prometheus). */
  private static Path copyChart() {
    try {
      Path target = Files.createTempDirectory("pitcrew-chart-").resolve("pitcrew");
      try (Stream<Path> files = Files.walk(RenderedChart.CHART, FileVisitOption.FOLLOW_LINKS)) {
        for (Path source : (Iterable<Path>) files::iterator) {
          Path destination = target.resolve(RenderedChart.CHART.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(destination);
          } else {
            Files.copy(source, destination);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path chart) {
    try (Stream<Path> files = Files.walk(chart.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
