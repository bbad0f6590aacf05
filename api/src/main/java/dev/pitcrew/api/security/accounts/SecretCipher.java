package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.local.LocalModeProperties;
import dev.pitcrew.api.security.SecurityProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Encrypts TOTP secrets at rest with AES-256-GCM (a database dump alone does not let anyone compute codes). The
 * key is {@code pitcrew.security.encryption-key}; local mode generates one into the data directory the first
 * time. Cluster mode without a key refuses to start only if local accounts exist: an OIDC-only studio needs none.
 */
@Component
class SecretCipher {
  private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
  private static final String KEY_FILE = "encryption-key";
  private static final int NONCE_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  SecretCipher(SecurityProperties security, LocalModeProperties local, Environment environment, JdbcClient jdbc) {
    boolean localMode = environment.getProperty("pitcrew.temporal.target") == null;
    String encoded = security.encryptionKey();
    Path keyFile = local.dataDir().toAbsolutePath().resolve(KEY_FILE);
    // A key local mode made stays the key of that data directory's accounts when Pitcrew is later pointed at an
    // engine of its own (./pitcrew engine and PITCREW_TEMPORAL_TARGET): the accounts did not move.
    if (encoded == null && (localMode || Files.exists(keyFile))) {
      encoded = localKey(keyFile);
    }
    if (encoded == null) {
      long accounts = jdbc.sql("select count(*) from pitcrew_users where not disabled").query(Long.class).single();
      if (accounts > 0) {
        throw new IllegalStateException("There are " + accounts + " local accounts but no encryption key for their "
            + "TOTP secrets: set PITCREW_SECURITY_ENCRYPTIONKEY (openssl rand -base64 32) from a Secret");
      }
      log.info("No PITCREW_SECURITY_ENCRYPTIONKEY: local accounts cannot enrol TOTP (people log in through OIDC)");
    }
    this.key = encoded == null ? null : new SecretKeySpec(Base64.getDecoder().decode(encoded), "AES");
  }

  boolean available() {
    return key != null;
  }

  String encrypt(String plain) {
    requireKey();
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
          .put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  String decrypt(String stored) {
    requireKey();
    try {
      byte[] all = Base64.getDecoder().decode(stored);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
      return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A stored TOTP secret cannot be decrypted: was the encryption key changed?", e);
    }
  }

  private void requireKey() {
    if (key == null) {
      throw new IllegalStateException("No encryption key (PITCREW_SECURITY_ENCRYPTIONKEY): TOTP is unavailable");
    }
  }

  private static String localKey(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      byte[] random = new byte[32];
      RANDOM.nextBytes(random);
      String encoded = Base64.getEncoder().encodeToString(random);
      Files.createDirectories(file.getParent());
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, encoded + "\n");
      log.info("Generated the key that encrypts TOTP secrets at rest into {} (keep it with the data directory)", file);
      return encoded;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the encryption key " + file, e);
    }
  }
}
