package dev.pitcrew.api.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a {@code temporal} CLI: the configured path first, else the first executable on PATH. */
final class TemporalCliLocator {
  private TemporalCliLocator() {}

  static Optional<Path> locate(Path configured, String pathVariable) {
    if (configured != null) {
      if (!Files.isExecutable(configured)) {
        throw new IllegalStateException(
            "PITCREW_TEMPORAL_CLI points at " + configured + ", which is not an executable file");
      }
      return Optional.of(configured);
    }
    if (pathVariable == null || pathVariable.isBlank()) {
      return Optional.empty();
    }
    return Stream.of(pathVariable.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "temporal"))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
