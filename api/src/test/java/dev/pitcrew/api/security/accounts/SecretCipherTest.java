package dev.pitcrew.api.security.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pitcrew.api.local.LocalModeProperties;
import dev.pitcrew.api.security.SecurityProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

/** Where the TOTP encryption key comes from, per mode, and what happens without one. */
class SecretCipherTest {
  static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @TempDir Path dataDir;

  @Test
  void localModeGeneratesAKeyOnceIntoTheDataDirectoryReadableByItsOwnerOnly() throws Exception {
    SecretCipher first = cipher(null, false, 0);
    String sealed = first.encrypt("JBSWY3DPEHPK3PXP");
    assertThat(sealed).doesNotContain("JBSWY3DPEHPK3PXP");
    Path file = dataDir.resolve("encryption-key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    // The next start reads the same key: what was sealed stays readable.
    assertThat(cipher(null, false, 0).decrypt(sealed)).isEqualTo("JBSWY3DPEHPK3PXP");
  }

  @Test
  void aConfiguredKeyIsUsedAndAnotherKeyCannotDecrypt() {
    String sealed = cipher(KEY, true, 0).encrypt("secret");
    assertThat(cipher(KEY, true, 0).decrypt(sealed)).isEqualTo("secret");
    assertThat(cipher(KEY, true, 0).encrypt("secret")).as("a fresh nonce each time").isNotEqualTo(sealed);
    assertThatThrownBy(() -> cipher(null, false, 0).decrypt(sealed)).hasMessageContaining("encryption key");
  }

  @Test
  void clusterModeWithoutAKeyStartsOnlyWithoutLocalAccounts() {
    assertThat(cipher(null, true, 0).available()).isFalse();
    assertThatThrownBy(() -> cipher(null, true, 2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PITCREW_SECURITY_ENCRYPTIONKEY");
  }

  /** `./pitcrew run` first, then the same data directory against `./pitcrew engine`: its accounts keep their key. */
  @Test
  void aKeyLocalModeMadeIsKeptWhenTheSameDataDirectoryMeetsAnEngineOfItsOwn() {
    String sealed = cipher(null, false, 1).encrypt("JBSWY3DPEHPK3PXP");

    SecretCipher againstAnEngine = cipher(null, true, 1);

    assertThat(againstAnEngine.available()).isTrue();
    assertThat(againstAnEngine.decrypt(sealed)).isEqualTo("JBSWY3DPEHPK3PXP");
  }

  private SecretCipher cipher(String key, boolean clusterMode, long localAccounts) {
    SecurityProperties security = new SecurityProperties(null, List.of(),
        new SecurityProperties.Bootstrap("admin", null, null),
        new SecurityProperties.Jwt(null, null, "email", "groups", Map.of()), key);
    LocalModeProperties local = new LocalModeProperties(dataDir, 7233, 8233, 0, Duration.ofSeconds(60),
        LocalModeProperties.Engine.TEST_SERVER);
    MockEnvironment environment = new MockEnvironment();
    if (clusterMode) {
      environment.setProperty("pitcrew.temporal.target", "temporal:7233");
    }
    JdbcClient jdbc = mock(JdbcClient.class, RETURNS_DEEP_STUBS);
    when(jdbc.sql(anyString()).query(Long.class).single()).thenReturn(localAccounts);
    return new SecretCipher(security, local, environment, jdbc);
  }
}
