package dev.pitcrew.api.security;

import dev.pitcrew.api.local.LocalModeProperties;
import dev.pitcrew.api.security.tokens.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first administrator. Local mode's first start creates an {@code admin} account and an admin API token and
 * writes both to a file only its owner can read in the data directory (Argo CD's initial-admin-secret, for one
 * process), so the two-command quick start still works. Cluster mode has no default credentials: the account and
 * token come from configuration (a Secret), or people log in through OIDC.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {
  static final String ADMIN_ROLE = "admin";
  private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);
  private static final String CREATED_BY = "pitcrew:bootstrap";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PasswordEncoder passwords;
  private final ApiTokens tokens;
  private final SecurityProperties.Bootstrap settings;
  private final LocalModeProperties local;
  private final boolean localMode;

  BootstrapAdmin(
      JdbcClient jdbc, TransactionTemplate transactions, PasswordEncoder passwords, ApiTokens tokens,
      SecurityProperties properties, LocalModeProperties local, Environment environment) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.passwords = passwords;
    this.tokens = tokens;
    this.settings = properties.bootstrap();
    this.local = local;
    this.localMode = environment.getProperty("pitcrew.temporal.target") == null;
  }

  @Override
  public void run(ApplicationArguments args) {
    transactions.executeWithoutResult(status -> bootstrap());
  }

  private void bootstrap() {
    // One process at a time, so two replicas starting together cannot both create the first admin.
    jdbc.sql("select pg_advisory_xact_lock(hashtext('pitcrew-bootstrap-admin'))").query(Object.class).single();
    String admin = settings.adminUsername();
    boolean firstStart = jdbc.sql("select count(*) from pitcrew_users").query(Long.class).single() == 0;
    String generatedPassword = null;
    if (firstStart) {
      String password = settings.adminPassword();
      if (password == null && localMode) {
        password = generatedPassword = randomSecret(18);
      }
      if (password != null) {
        jdbc.sql("insert into pitcrew_users (username, password_hash, created_by) values (?, ?, ?)")
            .params(admin, passwords.encode(password), CREATED_BY)
            .update();
        grantAdmin(admin);
      } else {
        log.info("No local accounts and no bootstrap admin configured (PITCREW_SECURITY_BOOTSTRAP_ADMINPASSWORD): "
            + "people log in through OIDC, machines with API tokens");
      }
    }
    if (settings.adminToken() != null) {
      grantAdmin(admin);
      tokens.ensure(settings.adminToken(), "bootstrap-admin", "personal", admin, List.of(ADMIN_ROLE), CREATED_BY);
    }
    if (firstStart && localMode && generatedPassword != null) {
      String token = settings.adminToken() != null
          ? settings.adminToken()
          : tokens.issue("initial-admin", "personal", admin, List.of(ADMIN_ROLE), null, null, CREATED_BY).secret();
      writeInitialSecrets(admin, generatedPassword, token);
    }
  }

  private void grantAdmin(String member) {
    jdbc.sql("insert into pitcrew_role_members (role, member, added_by) values (?, ?, ?) on conflict do nothing")
        .params(ADMIN_ROLE, member, CREATED_BY)
        .update();
  }

  private void writeInitialSecrets(String username, String password, String token) {
    Path dir = local.dataDir().toAbsolutePath();
    Path tokenFile = dir.resolve("admin-token");
    Path accountFile = dir.resolve("initial-admin");
    writeOwnerOnly(tokenFile, token + "\n");
    writeOwnerOnly(accountFile,
        "# Pitcrew's first administrator, created at the first start of this data directory.\n"
            + "# The first browser login asks for TOTP enrolment. Change the password, then delete this file.\n"
            + "username=" + username + "\npassword=" + password + "\ntoken=" + token + "\n");
    log.warn("First start: created the local admin account '{}' and an admin API token; they are in {} and the "
        + "token alone in {} (readable by this user only). Log in, enrol TOTP, then delete {}.",
        username, accountFile, tokenFile, accountFile.getFileName());
  }

  private static void writeOwnerOnly(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the initial admin credentials to " + file, e);
    }
  }

  private static String randomSecret(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
