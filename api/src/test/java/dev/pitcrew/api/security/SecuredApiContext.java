package dev.pitcrew.api.security;

import dev.pitcrew.api.support.LocalModeTestProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One local-mode server shared by the security test classes (Spring caches the context by this configuration):
 * its data directory is made once per JVM, not per class, so no class deletes it under another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class SecuredApiContext {
  static final Path DATA_DIR = createDataDir();
  static final String PROMETHEUS_TOKEN = "prometheus-scrape-token-for-tests";

  @DynamicPropertySource
  static void localMode(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, DATA_DIR);
    registry.add("pitcrew.security.prometheus-token", () -> PROMETHEUS_TOKEN);
  }

  private static Path createDataDir() {
    try {
      Path dir = Files.createTempDirectory("pitcrew-security-test");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
