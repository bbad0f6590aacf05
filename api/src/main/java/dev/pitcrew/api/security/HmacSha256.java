package dev.pitcrew.api.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 keyed with a shared secret: the signature scheme of every signed inbound request (JIRA and PagerDuty
 * webhooks over the raw body, Slack over {@code v0:<timestamp>:<body>}). The one place Pitcrew computes it.
 */
public final class HmacSha256 {
  private HmacSha256() {}

  /** The MAC of {@code parts} concatenated, in order. */
  public static byte[] of(String secret, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
