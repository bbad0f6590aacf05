package dev.pitcrew.api.remediation;

import dev.pitcrew.api.problem.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Loads the runbooks of {@code pitcrew.remediation.runbooks.directory} at start: runbooks kept in Git. */
@Component
@EnableConfigurationProperties(RunbookProperties.class)
class RunbookDirectory {
  private static final Logger log = LoggerFactory.getLogger(RunbookDirectory.class);

  private final RunbookProperties properties;
  private final RunbookReader reader;
  private final RunbookStore store;

  RunbookDirectory(RunbookProperties properties, RunbookReader reader, RunbookStore store) {
    this.properties = properties;
    this.reader = reader;
    this.store = store;
  }

  @EventListener(ApplicationStartedEvent.class)
  void load() {
    Path directory = properties.directory();
    if (directory == null) {
      return;
    }
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException("pitcrew.remediation.runbooks.directory " + directory + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(f -> f.getFileName().toString().matches(".*\\.(json|ya?ml)$")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      String name = fileName.replaceFirst("\\.(json|ya?ml)$", "");
      try {
        RunbookValidation.checkName(name);
        var document = reader.read(Files.readAllBytes(file), !fileName.endsWith(".json"));
        RunbookStore.Stored stored = store.save(name, document, "gitops:" + fileName);
        log.info("Runbook {} v{} from {}", name, stored.version(), file);
      } catch (ApiException invalid) {
        throw new IllegalStateException("Runbook file " + file + " is invalid: " + invalid.getMessage(), invalid);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read runbook file " + file, e);
      }
    }
  }
}
