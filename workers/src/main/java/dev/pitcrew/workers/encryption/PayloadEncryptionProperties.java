package dev.pitcrew.workers.encryption;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Encryption of every Temporal payload (inputs, results, signals, updates, memos) before it leaves this process
 * ({@code pitcrew.payload-encryption.*}). Off while no key is configured.
 *
 * @param keys key ID → base64 of 32 random bytes (AES-256). Every key that ever encrypted a history still read must
 *     stay here: a payload names the ID of its key
 * @param primaryKeyId the key new payloads are encrypted with; may be left unset when there is exactly one key
 * @param codecServer the {@code /codec} endpoint the Temporal UI and CLI decode payloads through
 */
@Validated
@ConfigurationProperties("pitcrew.payload-encryption")
public record PayloadEncryptionProperties(
    @NotNull @DefaultValue Map<String, String> keys,
    String primaryKeyId,
    @NotNull @DefaultValue CodecServer codecServer) {

  private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[a-z0-9]{1,32}");

  public boolean enabled() {
    return !keys.isEmpty();
  }

  /** The key new payloads use: the named primary, or the only key. */
  public String effectivePrimaryKeyId() {
    if (primaryKeyId != null && !primaryKeyId.isBlank()) {
      return primaryKeyId;
    }
    return keys.size() == 1 ? keys.keySet().iterator().next() : null;
  }

  @AssertTrue(message = "key IDs must be 1-32 lower-case letters or digits (they travel in payload metadata and "
      + "environment variable names)")
  public boolean isKeyIdsValid() {
    return keys.keySet().stream().allMatch(id -> KEY_ID.matcher(id).matches());
  }

  @AssertTrue(message = "every key must be base64 of exactly 32 bytes (openssl rand -base64 32)")
  public boolean isKeysValid() {
    return keys.values().stream().allMatch(PayloadEncryptionProperties::is32Bytes);
  }

  @AssertTrue(message = "primary-key-id must name one of the keys (required when there are several)")
  public boolean isPrimaryKeyIdValid() {
    return !enabled() || (effectivePrimaryKeyId() != null && keys.containsKey(effectivePrimaryKeyId()));
  }

  private static boolean is32Bytes(String base64) {
    try {
      return base64 != null && Base64.getDecoder().decode(base64.trim()).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    // Key material never reaches a log line; the IDs are what an operator needs to see.
    return "PayloadEncryptionProperties[keys=" + keys.keySet() + ", primaryKeyId=" + effectivePrimaryKeyId()
        + ", codecServer=" + codecServer + "]";
  }

  /**
   * @param allowedOrigins browser origins (the Temporal UI's, e.g. {@code https://temporal.example.com}) allowed to
   *     call {@code /codec/*} from a page; empty → none
   */
  public record CodecServer(@NotNull @DefaultValue List<String> allowedOrigins) {}
}
