package dev.pitcrew.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run, printed as they come and written to {@code <dir>/report.md}, headed by the
 * machine's description and its load average (the machine may be shared).
 */
public final class Report {
  private final Path file;
  private final Map<String, Double> figures = new LinkedHashMap<>();
  private final List<String> lines = new ArrayList<>();

  public Report(Path directory, String mode) {
    this.file = directory.resolve("report.md");
    try {
      Files.createDirectories(directory);
      Files.writeString(file, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    line("# Pitcrew benchmark (" + mode + ") " + Instant.now());
    line("machine: " + Machine.current().describe());
    line("load average at start: " + Machine.loadAverage());
  }

  /**
   * A named figure: kept for assertions and printed as {@code name = value unit}, with the load average at the
   * moment it was taken (on a shared machine a figure means little without it).
   */
  public void figure(String name, double value, String unit, String note) {
    figures.put(name, value);
    line(String.format(Locale.ROOT, "- %s = %.3f %s%s [load %s]", name, value, unit,
        note == null ? "" : "  (" + note + ")", Machine.loadAverage()));
  }

  public void line(String text) {
    System.out.println("[bench] " + text);
    lines.add(text);
    try {
      Files.writeString(file, text + System.lineSeparator(), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Map<String, Double> figures() {
    return Map.copyOf(figures);
  }

  public Path file() {
    return file;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }
}
