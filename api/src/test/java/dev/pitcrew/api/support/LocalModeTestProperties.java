package dev.pitcrew.api.support;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Local mode for a test context: its own data directory (so its embedded PostgreSQL starts empty) and the
 * in-process Temporal test server on a free port, whatever CLI the machine has.
 */
public final class LocalModeTestProperties {
  private LocalModeTestProperties() {}

  /** The admin API token every test context accepts; {@link HttpApi} sends it unless told otherwise. */
  public static final String ADMIN_TOKEN = "pct_test-admin-token-0123456789abcdefghijklmnop";

  public static void register(DynamicPropertyRegistry registry, Path dataDir) {
    registry.add("pitcrew.security.bootstrap.admin-token", () -> ADMIN_TOKEN);
    // Tests fire requests far faster than people do; WebProtectionTest turns the rate limits back on to test them.
    registry.add("pitcrew.web.rate-limits.enabled", () -> "false");
    registry.add("pitcrew.local.data-dir", dataDir::toString);
    registry.add("pitcrew.local.temporal-port", FreePorts::next);
    registry.add("pitcrew.local.engine", () -> "TEST_SERVER");
  }
}
