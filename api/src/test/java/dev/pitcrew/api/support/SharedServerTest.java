package dev.pitcrew.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one local-mode server that api integration tests share: Spring caches the context by this configuration, so
 * every subclass that adds no configuration of its own runs against the same server and pays no start-up. Tests
 * isolate themselves by data (their own service names, ticket keys, dedup keys), not by context. Its data directory
 * is made once per JVM, not per class, so no class deletes it under another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SharedServerTest {
  public static final Path DATA_DIR = createDataDir();
  public static final String PROMETHEUS_TOKEN = "prometheus-scrape-token-for-tests";
  /** Every payload the shared server writes to Temporal is encrypted, as in production with keys configured. */
  public static final String PAYLOAD_KEY = "c2hhcmVkLXNlcnZlci1wYXlsb2FkLWtleS0zMmJ5dGU=";
  /** The Temporal UI origin the shared server's codec endpoint answers CORS requests from. */
  public static final String TEMPORAL_UI_ORIGIN = "https://temporal-ui.test.example";
  /** The bearer token Alertmanager's webhook must send to the shared server. */
  public static final String ALERTMANAGER_TOKEN = "am-shared-server-7c1d";

  @LocalServerPort protected int port;
  /** Sends the bootstrap admin token; {@code api.as(token)} for another caller, {@code new HttpApi(port, null)} for none. */
  protected HttpApi api;

  @DynamicPropertySource
  static void localMode(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, DATA_DIR);
    registry.add("pitcrew.security.prometheus-token", () -> PROMETHEUS_TOKEN);
    registry.add("pitcrew.payload-encryption.keys.shared1", () -> PAYLOAD_KEY);
    registry.add("pitcrew.payload-encryption.codec-server.allowed-origins", () -> TEMPORAL_UI_ORIGIN);
    registry.add("pitcrew.hooks.alertmanager.bearer-token", () -> ALERTMANAGER_TOKEN);
    // The sandbox cluster's simulated rollouts finish in 200 ms instead of 2 s, so deployments end quickly.
    registry.add("pitcrew.kubernetes.mode", () -> "sandbox");
    registry.add("pitcrew.kubernetes.sandbox.rollout-delay", () -> "200ms");
    // A full intake answers after a short wait, so back-pressure tests (IntakeBackPressureTest) stay quick.
    registry.add("pitcrew.intake.max-wait", () -> "300ms");
    registry.add("pitcrew.intake.page-max-wait", () -> "300ms");
    // The sandbox's simulated Velero and the Velero drills' waits answer in 200 ms (DrillVeleroApiTest).
    registry.add("pitcrew.drills.velero.sandbox.delay", () -> "200ms");
    registry.add("pitcrew.drills.velero.poll-interval", () -> "200ms");
    // Health answers are reused for 1 s instead of 5 s, so a stalled database shows DOWN sooner (StalledDatabaseTest).
    registry.add("pitcrew.health.cache-ttl", () -> "1s");
  }

  @BeforeEach
  void adminClient() {
    api = new HttpApi(port);
  }

  private static Path createDataDir() {
    try {
      Path dir = Files.createTempDirectory("pitcrew-shared-server");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
