package dev.pitcrew.workers.encryption;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys payloads may be encrypted with, by ID, and the one new payloads use. Rotating means adding a
 * key and making it primary; the old keys stay so histories written under them remain readable.
 */
public final class KeyRing {
  private final Map<String, SecretKey> keys;
  private final String primaryKeyId;

  private KeyRing(Map<String, SecretKey> keys, String primaryKeyId) {
    this.keys = Map.copyOf(keys);
    this.primaryKeyId = primaryKeyId;
  }

  public static KeyRing from(PayloadEncryptionProperties properties) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    properties.keys().forEach((id, base64) ->
        keys.put(id, new SecretKeySpec(Base64.getDecoder().decode(base64.trim()), "AES")));
    return new KeyRing(keys, properties.effectivePrimaryKeyId());
  }

  public String primaryKeyId() {
    return primaryKeyId;
  }

  SecretKey primaryKey() {
    return keys.get(primaryKeyId);
  }

  Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }
}
